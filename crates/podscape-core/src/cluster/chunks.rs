//! A queue kept in shared chunks: cloning it (a rewind snapshot of the cluster) copies a list
//! of pointers, and a clone that then changes copies only the chunk it touches
//! (`Rc::make_mut`). For logs that grow at the back and are trimmed at the front every tick
//! (the flow log), so a snapshot costs what was logged since the previous one.

use std::collections::VecDeque;
use std::rc::Rc;

/// Elements per chunk: small enough that copying one on write is cheap, large enough that the
/// list of chunks is short.
const CHUNK: usize = 64;

#[derive(Clone, Debug)]
pub(super) struct Chunked<T> {
    chunks: VecDeque<Rc<Vec<T>>>,
    /// Elements of the first chunk already taken off the front (dropped with their chunk).
    head: usize,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: VecDeque::new(),
            head: 0,
            len: 0,
        }
    }
}

impl<T: Clone> Chunked<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn front(&self) -> Option<&T> {
        self.chunks.front().and_then(|c| c.get(self.head))
    }

    pub fn push_back(&mut self, value: T) {
        if self.chunks.back().is_none_or(|c| c.len() >= CHUNK) {
            self.chunks.push_back(Rc::new(Vec::with_capacity(CHUNK)));
        }
        if let Some(last) = self.chunks.back_mut() {
            Rc::make_mut(last).push(value);
            self.len += 1;
        }
    }

    /// Takes the oldest element off (it is freed with its chunk).
    pub fn pop_front(&mut self) {
        let Some(first) = self.chunks.front() else {
            return;
        };
        self.head += 1;
        self.len -= 1;
        if self.head >= first.len() {
            self.chunks.pop_front();
            self.head = 0;
        }
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        let head = self.head;
        self.chunks
            .iter()
            .enumerate()
            .flat_map(move |(i, c)| c[if i == 0 { head } else { 0 }..].iter())
    }

    /// The newest element that `pred` picks, to change (only its chunk is copied if shared).
    pub fn rfind_mut(&mut self, pred: impl Fn(&T) -> bool) -> Option<&mut T> {
        let head = self.head;
        let (i, j) = self.chunks.iter().enumerate().rev().find_map(|(i, c)| {
            let from = if i == 0 { head } else { 0 };
            c[from..].iter().rposition(&pred).map(|j| (i, from + j))
        })?;
        Rc::make_mut(self.chunks.get_mut(i)?).get_mut(j)
    }

    /// Whether `self` and `other` hold the same chunk at `i`, for what a snapshot shares.
    pub fn shared_chunks(&self, other: &Chunked<T>) -> usize {
        self.chunks
            .iter()
            .filter(|c| other.chunks.iter().any(|o| Rc::ptr_eq(c, o)))
            .count()
    }

    pub fn chunk_count(&self) -> usize {
        self.chunks.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_deque_and_clones_share_until_written() {
        let mut q = Chunked::default();
        let mut model = VecDeque::new();
        for i in 0..1_000u32 {
            q.push_back(i);
            model.push_back(i);
            if i % 3 == 0 {
                q.pop_front();
                model.pop_front();
            }
            assert_eq!(q.len(), model.len());
            assert_eq!(q.front(), model.front());
        }
        assert!(q.iter().eq(model.iter()));
        assert!(q.iter().rev().eq(model.iter().rev()));
        let snapshot = q.clone();
        *q.rfind_mut(|&v| v % 10 == 7).unwrap() = 0;
        *model.iter_mut().rev().find(|v| **v % 10 == 7).unwrap() = 0;
        assert!(q.iter().eq(model.iter()));
        // The snapshot is unchanged and shares every chunk but the one written.
        assert!(snapshot.iter().any(|&v| v == 997));
        assert_eq!(q.shared_chunks(&snapshot), q.chunk_count() - 1);
        while q.len() > 0 {
            q.pop_front();
        }
        assert_eq!((q.front(), q.iter().count(), q.chunk_count()), (None, 0, 0));
        q.pop_front();
        assert_eq!(q.len(), 0);
    }
}
