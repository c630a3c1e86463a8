//! One small stable sort for the whole core. std's sort (driftsort) instantiates several KiB
//! of wasm per call site; fifteen call sites cost ~58 KiB before compression. This one is a
//! bottom-up merge sort of indices (O(n log n), stable, no unsafe, no `Clone`), then the
//! permutation is applied in place by following its cycles: a few hundred bytes per use.

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
        let n = self.len();
        if n < 2 {
            return;
        }
        // order[k] = the index of the element that belongs at position k.
        let mut order: Vec<usize> = (0..n).collect();
        let mut merged = vec![0; n];
        let mut width = 1;
        while width < n {
            let mut lo = 0;
            while lo < n {
                let mid = (lo + width).min(n);
                let hi = (lo + 2 * width).min(n);
                let (mut i, mut j) = (lo, mid);
                for slot in &mut merged[lo..hi] {
                    // Take from the right run only when strictly smaller: that keeps it stable.
                    let take_right =
                        j < hi && (i >= mid || cmp(&self[order[j]], &self[order[i]]) == Ordering::Less);
                    if take_right {
                        *slot = order[j];
                        j += 1;
                    } else {
                        *slot = order[i];
                        i += 1;
                    }
                }
                lo = hi;
            }
            std::mem::swap(&mut order, &mut merged);
            width *= 2;
        }
        // Apply the permutation cycle by cycle: position i receives the element at order[i].
        let mut done = vec![false; n];
        for start in 0..n {
            let mut i = start;
            while !done[i] {
                done[i] = true;
                let source = order[i];
                if source == start {
                    break;
                }
                self.swap(i, source);
                i = source;
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
        fn agrees_with_std_stable_sort(mut v in prop::collection::vec((0u8..8, any::<u16>()), 0..300)) {
            let mut expected = v.clone();
            expected.sort_by_key(|x| x.0);
            v.small_sort_by_key(|x| x.0);
            prop_assert_eq!(v, expected);
        }
    }
}
