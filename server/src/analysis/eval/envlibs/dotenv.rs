//! python-dotenv: `load_dotenv()` may set any variable when a `.env` file
//! is there to load.

use std::rc::Rc;

use crate::analysis::eval::value::Value;
use crate::analysis::eval::{Interp, R};

use super::{function, read_dotenv, EnvLibrary};

pub(super) struct Dotenv;

const NAME: &str = "python-dotenv";

impl EnvLibrary for Dotenv {
    fn name(&self) -> &'static str {
        NAME
    }

    fn modules(&self) -> &'static [&'static str] {
        &["dotenv"]
    }

    fn attr(&self, _module: &str, attr: &str) -> Option<Value> {
        (attr == "load_dotenv").then(|| function(NAME, "load_dotenv"))
    }

    fn call(
        &self,
        interp: &mut Interp,
        _function: &'static str,
        _args: Vec<Value>,
        _kwargs: Vec<(Rc<str>, Value)>,
    ) -> R<Value> {
        read_dotenv(interp)
    }
}
