-- normalised_text(text): lower case, curly apostrophes straightened, every run of characters that are not
-- letters, digits or apostrophes turned into one space, trimmed. Used for tags, vocabulary terms and notes
-- alike, so "🎨 Painting " and "painting" are the same tag and phrases match whole words.
create or replace macro normalised_text(raw_text) as
    trim(regexp_replace(replace(lower(coalesce(raw_text, '')), '’', ''''), '[^\p{L}\p{N}'']+', ' ', 'g'))
