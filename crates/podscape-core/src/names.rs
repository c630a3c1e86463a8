//! Generated names, exactly as Kubernetes makes them: `pod-template-hash` and random suffixes.

use rand_core::RngCore;

/// The alphabet of `k8s.io/apimachinery/pkg/util/rand`: no vowels, so no words by accident.
pub const ALPHANUMS: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

/// `rand.SafeEncodeString`: every byte `c` of `s` becomes `ALPHANUMS[c % 27]`.
pub fn safe_encode_string(s: &str) -> String {
    s.bytes()
        .map(|c| ALPHANUMS[usize::from(c) % ALPHANUMS.len()] as char)
        .collect()
}

/// FNV-1a, 32 bits (Go's `hash/fnv.New32a`).
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// `controller.ComputeHash`: FNV-1a over the pod template, then the decimal digits of the sum
/// safe-encoded. The real controller hashes a Go struct dump that a browser cannot reproduce, so
/// Podscape hashes a canonical JSON form of the template (keys sorted) instead; the alphabet and
/// the shape (`[4-9bcdf]`, usually 9–10 characters) are the real ones.
pub fn pod_template_hash(canonical_template: &str, collision_count: Option<u32>) -> String {
    let mut bytes = canonical_template.as_bytes().to_vec();
    if let Some(count) = collision_count {
        bytes.extend_from_slice(&count.to_le_bytes());
        bytes.extend_from_slice(&[0; 4]);
    }
    safe_encode_string(&fnv1a32(&bytes).to_string())
}

/// `rand.String(n)` from the same alphabet: the suffix the API server adds to `generateName`.
pub fn random_suffix(rng: &mut impl RngCore, n: usize) -> String {
    (0..n)
        .map(|_| ALPHANUMS[(rng.next_u32() % ALPHANUMS.len() as u32) as usize] as char)
        .collect()
}

/// `names.SimpleNameGenerator`: the base is cut to 58 characters so the name fits in 63.
pub fn generate_name(rng: &mut impl RngCore, generate_name: &str) -> String {
    let base: String = generate_name.chars().take(63 - 5).collect();
    format!("{base}{}", random_suffix(rng, 5))
}

/// Levenshtein distance, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha8Rng;
    use rand_core::SeedableRng;

    #[test]
    fn digits_map_to_the_real_hash_alphabet() {
        // kubernetes-semantics.md §1.3: 0→4 1→5 2→6 3→7 4→8 5→9 6→b 7→c 8→d 9→f.
        assert_eq!(safe_encode_string("0123456789"), "456789bcdf");
    }

    #[test]
    fn fnv1a_matches_reference_vectors() {
        assert_eq!(fnv1a32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a32(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a32(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn template_hash_has_the_real_shape_and_depends_on_collisions() {
        let h = pod_template_hash(r#"{"spec":{}}"#, None);
        assert!((1..=10).contains(&h.len()));
        assert!(h.chars().all(|c| "456789bcdf".contains(c)), "{h}");
        assert_ne!(h, pod_template_hash(r#"{"spec":{}}"#, Some(1)));
    }

    #[test]
    fn generated_names_use_the_alphabet_and_fit_in_63() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let name = generate_name(&mut rng, &format!("{}-", "x".repeat(80)));
        assert_eq!(name.len(), 63);
        assert!(name[58..].bytes().all(|b| ALPHANUMS.contains(&b)));
    }
}
