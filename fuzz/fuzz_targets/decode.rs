//! Any text: decoding never panics, and what decodes is the token's one canonical spelling
//! (a second spelling of the same code would slip past anything keyed by the text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use permit_core::token::Token;

fuzz_target!(|text: &str| {
    if let Ok(token) = Token::decode(text) {
        assert_eq!(token.encode(), text, "decoded a non-canonical spelling");
        assert_eq!(Token::decode(&token.encode()), Ok(token));
    }
});
