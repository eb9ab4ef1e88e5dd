"""The upload page: a FastAPI app where a person drops an export and gets their private report back."""
