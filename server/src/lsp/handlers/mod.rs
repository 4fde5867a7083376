//! The state task's handlers, one file per request family; each is an
//! `impl Actor` block, called by `Actor::handle` in arrival order.

mod code_action;
mod completion;
mod diagnostics;
mod documents;
mod hover;
mod lifecycle;
pub(crate) mod workspace;
