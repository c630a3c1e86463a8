//! One small stable sort for the whole core. std's sort (driftsort) instantiates several KiB
//! of wasm per call site; fifteen call sites cost ~58 KiB before compression. The lists sorted
//! here are short (pods, ReplicaSets, endpoints, rules of one Service), so a stable insertion
//! sort is both smaller and fast enough.

use std::cmp::Ordering;

pub trait SmallSort<T> {
    /// Stable: equal elements keep their order, like `slice::sort_by`.
    fn small_sort_by(&mut self, cmp: impl FnMut(&T, &T) -> Ordering);

    fn small_sort_by_key<K: Ord>(&mut self, mut key: impl FnMut(&T) -> K) {
        self.small_sort_by(|a, b| key(a).cmp(&key(b)));
    }

    fn small_sort(&mut self)
    where
        T: Ord,
    {
        self.small_sort_by(T::cmp);
    }
}

impl<T> SmallSort<T> for [T] {
    fn small_sort_by(&mut self, mut cmp: impl FnMut(&T, &T) -> Ordering) {
        for i in 1..self.len() {
            let mut j = i;
            while j > 0 && cmp(&self[j - 1], &self[j]) == Ordering::Greater {
                self.swap(j - 1, j);
                j -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_std_stable_sort(mut v in prop::collection::vec((0u8..8, any::<u16>()), 0..64)) {
            let mut expected = v.clone();
            expected.sort_by_key(|x| x.0);
            v.small_sort_by_key(|x| x.0);
            prop_assert_eq!(v, expected);
        }
    }
}
