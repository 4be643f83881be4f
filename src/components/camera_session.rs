//! One live camera shown in a `<video>`, the same way for the photo tool (front camera) and
//! the counter's scanner (back camera): opened on [`CameraSession::start`], shown as soon as
//! its `<video>` is mounted, and stopped on [`CameraSession::stop`] or when the component
//! that made it goes away. A session stopped while the camera was still opening drops the
//! camera the moment it arrives, so no camera light stays on behind a closed screen.

use crate::platform::camera::{self, Camera, Facing};
use leptos::{html, prelude::*};

/// How a start ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    /// The picture is live; the number identifies this start.
    Live(u32),
    /// Refused by the person, or no camera.
    Refused,
    /// Stopped (or started again) while the camera was opening: the camera was dropped.
    Superseded,
}

#[derive(Clone, Copy)]
pub struct CameraSession {
    facing: Facing,
    camera: StoredValue<Option<Camera>, LocalStorage>,
    /// Each start gets a number; a stop or a newer start makes an older one stale.
    generation: StoredValue<u32>,
    live: RwSignal<bool>,
    /// The element the picture is shown in.
    pub video: NodeRef<html::Video>,
}

impl CameraSession {
    pub fn new(facing: Facing) -> Self {
        let session = Self {
            facing,
            camera: StoredValue::new_local(None),
            generation: StoredValue::new(0),
            live: RwSignal::new(false),
            video: NodeRef::new(),
        };
        // The `<video>` may mount after the camera opened (it is often shown only then).
        Effect::new(move |_| {
            if let (Some(video), true) = (session.video.get(), session.live.get()) {
                session.camera.with_value(|c| {
                    if let Some(c) = c {
                        c.attach(&video);
                    }
                });
            }
        });
        on_cleanup(move || session.stop());
        session
    }

    /// Opens the camera.
    pub async fn start(self) -> Started {
        let Some(this) = self.generation.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return Started::Superseded;
        };
        let Some(cam) = camera::open(self.facing).await else { return Started::Refused };
        if !self.is_current(this) {
            return Started::Superseded;
        }
        self.camera.try_set_value(Some(cam));
        self.live.try_set(true);
        Started::Live(this)
    }

    /// Stops the camera (its light goes off) and ends the current start.
    pub fn stop(self) {
        self.generation.try_update_value(|n| *n += 1);
        self.camera.try_update_value(|c| *c = None);
        self.live.try_set(false);
    }

    /// Whether the picture is live.
    pub fn live(self) -> Signal<bool> {
        self.live.into()
    }

    /// Whether start number `n` is still the current one (a loop reading frames checks this).
    pub fn is_current(self, n: u32) -> bool {
        self.generation.try_get_value() == Some(n)
    }
}
