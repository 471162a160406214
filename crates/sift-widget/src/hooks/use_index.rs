//! Opening the widget's indexes when it mounts.

use std::rc::Rc;

use sift_core::FacetInfo;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::engine::Engine;
use crate::state::Notice;

/// What is known of the indexes once they are open.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct IndexStatus {
    /// Whether opening has finished (successfully or not).
    pub(crate) ready: bool,
    /// What went wrong, if anything.
    pub(crate) notice: Option<Notice>,
    /// Every facet with its values, most frequent first.
    pub(crate) facets: Rc<Vec<FacetInfo>>,
}

/// Opens `engine`'s indexes (fetching their entry files) and reports the outcome.
#[hook]
pub(crate) fn use_index(engine: Rc<Engine>) -> IndexStatus {
    let status = use_state(IndexStatus::default);
    {
        let status = status.clone();
        use_effect_with(engine, move |engine| {
            let engine = Rc::clone(engine);
            spawn_local(async move {
                let notice = engine.open().await;
                let mut facets = engine.facets();
                for facet in &mut facets {
                    facet.values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                }
                status.set(IndexStatus { ready: true, notice, facets: Rc::new(facets) });
            });
        });
    }
    (*status).clone()
}
