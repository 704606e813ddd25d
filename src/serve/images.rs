//! The background image encoder: after each good build the session's images go to one
//! thread, which encodes the variants the cache lacks (`Images::encode_pending`) while pages
//! keep being served (their variant URLs answer with the originals until then). One thread
//! only, so a text edit's rebuild always has a core.

use std::sync::{mpsc, Arc};

use crate::images::Images;

/// The sending side: [`Encoder::kick`] after each good build.
pub struct Encoder {
    tx: mpsc::Sender<Arc<Images>>,
}

impl Encoder {
    pub fn spawn() -> Encoder {
        let (tx, rx) = mpsc::channel::<Arc<Images>>();
        std::thread::Builder::new()
            .name("kuaixun-images".into())
            .spawn(move || {
                while let Ok(mut images) = rx.recv() {
                    // Builds that came while encoding: only the newest matters.
                    while let Ok(newer) = rx.try_recv() {
                        images = newer;
                    }
                    let t = std::time::Instant::now();
                    let (encoded, warnings) = images.encode_pending();
                    for w in warnings {
                        eprintln!("warning: {w}");
                    }
                    if encoded > 0 {
                        println!(
                            "images: {encoded} variants encoded in the background in {} ms",
                            t.elapsed().as_millis()
                        );
                    }
                }
            })
            .ok();
        Encoder { tx }
    }

    pub fn kick(&self, images: Option<Arc<Images>>) {
        if let Some(images) = images {
            let _ = self.tx.send(images);
        }
    }
}
