//! What a new scene of the cluster changed, and so which parts of the page are drawn again: the
//! view (the whole app) only when an object changed or a view that follows the cluster is open;
//! the clock, the charts and the particles each on their own concern. Frames go through it
//! throttled ([`Session::redraw`]), seeks from one moment of the past to another unthrottled
//! ([`Session::show_moment`]).

use std::rc::Rc;

use super::{Changed, Concern, Session, Tab};
use crate::scene::{Scene, SceneService};

/// A Service as the static layer draws it: everything but the traffic's counters.
fn same_service(a: &SceneService, b: &SceneService) -> bool {
    a.name == b.name
        && a.service_type == b.service_type
        && a.cluster_ip == b.cluster_ip
        && a.ports == b.ports
        && (a.x, a.y, a.w, a.h) == (b.x, b.y, b.w, b.h)
        && a.endpoints == b.endpoints
        && a.ingress_routes == b.ingress_routes
        && (a.chart, a.chart_bar) == (b.chart, b.chart_bar)
}

/// What two scenes share.
struct Same {
    /// Pods, nodes, Deployments, the layout and the Services' boxes and endpoints: what the
    /// stage's static layer draws.
    objects: bool,
    /// And the Services' charts, and the virtual second (the objects' views show ages).
    views: bool,
    /// And the request particles.
    particles: bool,
    /// The Services, charts included.
    services: bool,
}

impl Same {
    fn between(old: &Scene, new: &Scene) -> Same {
        let objects = new.pods == old.pods
            && new.nodes == old.nodes
            && new.deployments == old.deployments
            && (new.layout, new.width, new.height, new.client)
                == (old.layout, old.width, old.height, old.client)
            && new.services.len() == old.services.len()
            && new
                .services
                .iter()
                .zip(&old.services)
                .all(|(a, b)| same_service(a, b));
        let services = new.services == old.services;
        Same {
            objects,
            views: objects && services && new.now_ms / 1000 == old.now_ms / 1000,
            particles: objects && services && new.packets == old.packets,
            services,
        }
    }
}

/// A scene without transitions, for less motion: a pod that is being created or terminated
/// is drawn half-way, and changes only when its state does (no growing or fading glyph).
pub(super) fn steady(scene: &mut Scene) {
    for pod in &mut scene.pods {
        pod.progress = 0.5;
    }
}

impl Session {
    /// `scene` as the learner's motion setting draws it.
    pub(super) fn drawn(&self, mut scene: Scene) -> Scene {
        if self.reduced_motion() {
            steady(&mut scene);
        }
        scene
    }

    /// A frame's new scene of the cluster. The clock and the charts wait for their turns
    /// (`CLOCK_EVERY_MS`, `CHARTS_EVERY_MS`).
    pub(super) fn redraw(&mut self) {
        let scene = self.drawn(Scene::next(&self.scene, &self.cluster, self.layout));
        self.show(scene, true);
    }

    /// Another moment of the past after the one shown: what differs is drawn at once. The
    /// clock is the moment, and the timeline follows it.
    pub(super) fn show_moment(&mut self) {
        let walked = self.walk.take().is_some();
        let scene = self.drawn(Scene::with_layout(&self.cluster, self.layout));
        self.show(scene, false);
        if walked {
            self.changed.add(Concern::View);
        }
    }

    /// The motion setting moved: every moving part is drawn again in its new form (particles or
    /// counts), and the pods with or without their transitions.
    pub(super) fn motion_changed(&mut self, was: bool) {
        if was == self.reduced_motion() {
            return;
        }
        self.scene = Rc::new(self.drawn(Scene::with_layout(&self.cluster, self.layout)));
        for concern in [Concern::Particles, Concern::Charts, Concern::Clock] {
            self.changed.add(concern);
        }
    }

    /// Shows `scene`, marking what it changed. The view changes when an object changed; what
    /// only moved (particles, the charts' counters, the clock) changes its own concern, unless a
    /// view that follows the cluster is open: that view then follows every change. The
    /// objects' views also move with the traffic's counters and each virtual second (ages).
    fn show(&mut self, scene: Scene, frame: bool) {
        let same = Same::between(&self.scene, &scene);
        let mut changed = Changed::NONE;
        let clock_due = if frame {
            self.clock_turn.due(scene.now_ms / 100 != self.clock_ms / 100)
        } else {
            true
        };
        if clock_due {
            self.clock_ms = scene.now_ms;
            changed.add(Concern::Clock);
        }
        let charts_due = if frame {
            self.charts_turn.due(!same.services)
        } else {
            !same.services
        };
        if charts_due {
            changed.add(Concern::Charts);
        }
        // With less motion no particle flies: the overlay shows the traffic as counts on the
        // Service→pod edges, which move with the charts.
        if if self.reduced_motion() {
            charts_due || !same.objects
        } else {
            !same.particles
        } {
            changed.add(Concern::Particles);
        }
        if !same.views {
            changed.add(Concern::Objects);
        }
        // The service map draws rates over a sliding window: frames leave it to redraw itself
        // on the charts' turn; a seek shows the moment at once.
        let follows = self.live_view() || (!frame && self.tab == Tab::Map);
        if !same.objects || (follows && !(same.views && same.particles)) {
            changed.add(Concern::View);
        }
        self.scene = Rc::new(scene);
        self.touch(changed);
    }

    /// A view that follows the cluster live is open: a details panel, the Objects, Events,
    /// Rules, DNS or Packet walk tab.
    fn live_view(&self) -> bool {
        self.selected.is_some() || !matches!(self.tab, Tab::Terminal | Tab::Lesson | Tab::Map)
    }
}
