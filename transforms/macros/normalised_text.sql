-- normalised_text(text): Unicode NFC, lower case, curly and modifier apostrophes straightened, every run of
-- characters that are not letters (of any script, with their combining marks), digits or apostrophes turned
-- into one space, trimmed. Used for tags, vocabulary terms and notes alike, so "🎨 Painting " and "painting"
-- are the same tag, "Kłótnia!" is "kłótnia", and phrases match whole words.
create or replace macro normalised_text(raw_text) as
    trim(regexp_replace(
        regexp_replace(lower(nfc_normalize(coalesce(raw_text, ''))), '[’‘ʼ]', '''', 'g'),
        '[^\p{L}\p{M}\p{N}'']+', ' ', 'g'
    ))
