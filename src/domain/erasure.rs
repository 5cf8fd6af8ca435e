//! Erasing a customer on request (PIPL art. 47): the rules that do not need
//! the database.

/// Whether the name typed to confirm an erasure is the customer's own name:
/// spaces and letter case do not matter, every other character does.
pub fn name_confirms(typed: &str, name: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let want = norm(name);
    !want.is_empty() && norm(typed) == want
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_must_be_typed_whole() {
        assert!(name_confirms("张三", "张三"));
        assert!(name_confirms(" anna  LI ", "Anna Li"));
        assert!(!name_confirms("", "张三"));
        assert!(!name_confirms("张", "张三"));
        assert!(!name_confirms("\r", ""));
    }
}
