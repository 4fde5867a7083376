//! The memory budget of one evaluation, kept like the step budget
//! (`eval::MAX_STEPS`), but in bytes: every string, bytes object or
//! container the evaluator builds is paid for *before* it is allocated.
//!
//! Steps alone cannot bound memory: one step can build a value much larger
//! than its inputs (the repr of a string that holds quotes escapes them, so
//! `S = f"{(S, '')}"` in a loop doubles `S` each round; `str.zfill(10**9)`
//! asks for a gigabyte at once), and an allocation that fails aborts the
//! process, which no `catch_unwind` can stop.
//!
//! The budget counts bytes built, not bytes alive: a value built and then
//! dropped is still paid for, which keeps the count cheap, deterministic
//! and independent of reference counts. Real settings modules build a few
//! kilobytes. Past the budget every reservation fails, the value being built
//! becomes unknown, and the next step of the evaluation stops it
//! (`Interp::tick`): what comes after is undecided, never allocated.
//!
//! The counter is per thread because the value builders (`eval/`) are
//! free functions; `report::evaluate` installs one budget for an evaluation,
//! restarts included, with [`ByteBudget::install`].

use std::cell::Cell;

/// Bytes one evaluation may build, restarts included.
pub const MAX_BYTES_BUILT: u64 = 64 * 1024 * 1024;

/// What an item of a list, tuple, set or dict costs besides its own value.
pub const ITEM_BYTES: usize = std::mem::size_of::<super::value::Value>();

/// Why a value became unknown when the budget ran out.
pub const OVER_BUDGET: &str = "a value larger than the evaluation's memory budget (64 MiB)";

thread_local! {
    /// Bytes left in the installed budget; `None` when none is installed.
    static LEFT: Cell<Option<u64>> = const { Cell::new(None) };
}

/// The budget of the evaluation running on this thread; dropping it puts
/// back whatever budget was installed before (evaluations may nest: a fix
/// proof evaluates while the caller's evaluation is kept).
pub struct ByteBudget {
    previous: Option<u64>,
}

impl ByteBudget {
    pub fn install() -> ByteBudget {
        ByteBudget::with_limit(MAX_BYTES_BUILT)
    }

    pub fn with_limit(limit: u64) -> ByteBudget {
        let previous = LEFT.with(|l| l.replace(Some(limit)));
        ByteBudget { previous }
    }
}

impl Drop for ByteBudget {
    fn drop(&mut self) {
        LEFT.with(|l| l.set(self.previous));
    }
}

/// Pays for `bytes` about to be allocated. `false` means the value must not
/// be built; from then on every reservation of the budget fails. Without an
/// installed budget (unit tests of the builders) each single reservation is
/// still capped at [`MAX_BYTES_BUILT`].
#[must_use]
pub fn reserve(bytes: usize) -> bool {
    let bytes = bytes as u64;
    LEFT.with(|l| match l.get() {
        None => bytes <= MAX_BYTES_BUILT,
        Some(left) if bytes <= left => {
            l.set(Some(left - bytes));
            true
        }
        Some(_) => {
            l.set(Some(0));
            false
        }
    })
}

/// Pays for `count` container items plus `bytes` of their contents.
#[must_use]
pub fn reserve_items(count: usize, bytes: usize) -> bool {
    reserve(count.saturating_mul(ITEM_BYTES).saturating_add(bytes))
}

/// The installed budget has been spent (a reservation failed).
pub fn exhausted() -> bool {
    LEFT.with(|l| l.get() == Some(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_are_paid_until_the_budget_is_spent() {
        let _b = ByteBudget::with_limit(100);
        assert!(reserve(60));
        assert!(!exhausted());
        assert!(!reserve(50), "60 + 50 is over 100");
        assert!(exhausted());
        assert!(!reserve(1), "a spent budget refuses everything");
    }

    #[test]
    fn dropping_a_budget_restores_the_one_before() {
        let _outer = ByteBudget::with_limit(100);
        assert!(reserve(10));
        {
            let _inner = ByteBudget::with_limit(5);
            assert!(!reserve(6));
        }
        assert!(!exhausted());
        assert!(reserve(90));
        assert!(!reserve(1));
    }

    #[test]
    fn without_a_budget_only_huge_single_values_are_refused() {
        assert!(reserve(1024));
        assert!(!reserve(MAX_BYTES_BUILT as usize + 1));
        assert!(!exhausted());
    }
}
