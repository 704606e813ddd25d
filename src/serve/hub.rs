//! Shared server state: the current snapshot, the last build error, and the browsers
//! listening for reload messages over Server-Sent Events.

use std::sync::{Arc, Mutex, RwLock};

use tokio::sync::broadcast;

use super::state::{Diff, Snapshot};
use crate::images::{Images, Served};

/// One Server-Sent Event: `event:` name and one-line `data:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub name: &'static str,
    pub data: String,
}

impl Event {
    pub fn reload() -> Event {
        Event {
            name: "reload",
            data: "{}".into(),
        }
    }

    pub fn build_error(message: &str) -> Event {
        Event {
            name: "build-error",
            data: serde_json::to_string(message).unwrap_or_default(),
        }
    }

    /// The wire form.
    pub fn encode(&self) -> String {
        format!("event: {}\ndata: {}\n\n", self.name, self.data)
    }
}

pub struct Hub {
    snapshot: RwLock<Snapshot>,
    /// The session's image variants (`_img/…`), answered from the cache, not the snapshot.
    images: RwLock<Option<Arc<Images>>>,
    error: Mutex<Option<String>>,
    builds: Mutex<u64>,
    clients: broadcast::Sender<Event>,
}

/// One browser's reload stream: the current error first (if any), then every later event.
pub struct Subscription {
    pub first: Option<Event>,
    pub events: broadcast::Receiver<Event>,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub::new()
    }
}

impl Hub {
    pub fn new() -> Hub {
        Hub {
            snapshot: RwLock::new(Snapshot::new()),
            images: RwLock::new(None),
            error: Mutex::new(None),
            builds: Mutex::new(1),
            // Events are rare; a browser that falls this far behind skips to the newest.
            clients: broadcast::channel(64).0,
        }
    }

    /// One file of the current snapshot.
    pub fn get(&self, key: &str) -> Option<Arc<Vec<u8>>> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned()
    }

    /// The images of the current build (none with `images.enabled: false`).
    pub fn set_images(&self, images: Option<Arc<Images>>) {
        *self.images.write().unwrap_or_else(|e| e.into_inner()) = images;
    }

    /// The variant `name` of `_img/<name>`: encoded, or its original until it is.
    pub fn image(&self, name: &str) -> Option<Served> {
        let images = self
            .images
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()?;
        images.served(name)
    }

    /// Apply a diff without telling browsers (derived files like the search index).
    pub fn update(&self, diff: Diff) {
        diff.apply(&mut self.snapshot.write().unwrap_or_else(|e| e.into_inner()));
    }

    /// A good build: apply it, clear the error, reload every browser.
    pub fn publish(&self, diff: Diff) {
        self.update(diff);
        *self.error.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *self.builds.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.broadcast(Event::reload());
    }

    /// A failed build: keep the snapshot, show the error in every browser.
    pub fn fail(&self, message: String) {
        self.broadcast(Event::build_error(&message));
        *self.error.lock().unwrap_or_else(|e| e.into_inner()) = Some(message);
    }

    pub fn error(&self) -> Option<String> {
        self.error.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// `{"ok":…,"error":…,"builds":…,"clients":…}` for `/__kuaixun/status`; `clients` is
    /// the number of open reload streams.
    pub fn status_json(&self) -> String {
        let error = self.error();
        let builds = *self.builds.lock().unwrap_or_else(|e| e.into_inner());
        let clients = self.clients();
        serde_json::json!({ "ok": error.is_none(), "error": error, "builds": builds, "clients": clients })
            .to_string()
    }

    /// Open reload streams (a stream counts until its [`Subscription`] is dropped).
    pub fn clients(&self) -> usize {
        self.clients.receiver_count()
    }

    /// A new listener; it first hears the current error, if any.
    pub fn subscribe(&self) -> Subscription {
        // Subscribe before reading the error so that a failure in between is not lost.
        let events = self.clients.subscribe();
        Subscription {
            first: self.error().map(|e| Event::build_error(&e)),
            events,
        }
    }

    fn broadcast(&self, event: Event) {
        // An error only means that no browser is listening.
        let _ = self.clients.send(event);
    }
}
