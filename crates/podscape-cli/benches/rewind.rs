//! Rewind's figures (`cargo bench -p podscape-cli --bench rewind`).
use podscape_core::cluster::{Cluster, ClusterConfig};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}
#[global_allocator]
static A: Counting = Counting;

const YAML: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 300
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
";

fn main() {
    let mut c = Cluster::with_config(7, ClusterConfig { workers: 4, ..ClusterConfig::default() });
    let out = c.apply(YAML);
    assert!(out.applied());
    c.set_request_rate(20.0);
    c.advance(60_000);
    println!("pods {}", c.pods().len());
    let t = Instant::now();
    c.advance(10_000);
    println!("advance 10s: {:?}", t.elapsed());
    let before = LIVE.load(Ordering::Relaxed);
    let t = Instant::now();
    let copy = c.clone();
    println!("clone: {:?} bytes {}", t.elapsed(), LIVE.load(Ordering::Relaxed) - before);
    std::hint::black_box(copy);
}
