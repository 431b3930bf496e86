//! The quickcheck side of the interpreters: operation sequences that shrink, and a failure
//! report that is Rust code to paste into a test.

use std::cell::RefCell;
use std::fmt;

use quickcheck::{Arbitrary, Gen, QuickCheck};

/// A sequence of operations. quickcheck generates and shrinks it as a `Vec` (dropping
/// operations, then shrinking the ones left); its `Debug` form, which quickcheck prints for the
/// smallest failing case, is a call that replays the case.
#[derive(Clone)]
pub struct Ops<O>(pub Vec<O>);

impl<O: Arbitrary> Arbitrary for Ops<O> {
    fn arbitrary(g: &mut Gen) -> Self {
        Ops(Vec::arbitrary(g))
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        Box::new(self.0.shrink().map(Ops))
    }
}

thread_local! {
    /// The replay call of the property running on this thread; `OPS` stands for the operations.
    static CALL: RefCell<String> = const { RefCell::new(String::new()) };
}

impl<O: fmt::Debug> fmt::Debug for Ops<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every `[` in the derived form opens a `Vec` (the list, or an op's payload).
        let ops = format!("{:?}", self.0).replace('[', "vec![");
        let call = CALL.with(|c| c.borrow().clone());
        write!(
            f,
            "\n// Reproducer: paste into a test function in tests/ (the file says `mod support;`)\n{}\n",
            call.replace("OPS", &ops)
        )
    }
}

/// Runs `prop` on `tests` random sequences of up to `size` operations (`QUICKCHECK_TESTS` in the
/// environment overrides the count: CI's valgrind step runs fewer). A failure is shrunk, and the
/// report shows `call` with `OPS` replaced by the smallest failing sequence.
pub fn check<O>(tests: u64, size: usize, call: &str, prop: fn(Ops<O>))
where
    O: Arbitrary + fmt::Debug,
{
    CALL.with(|c| *c.borrow_mut() = call.to_string());
    let tests = std::env::var("QUICKCHECK_TESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(tests);
    QuickCheck::new()
        .tests(tests)
        .rng(Gen::new(size))
        .quickcheck(prop);
}

/// Defines, for each interpreter module listed (`hash_map`, `hash_set`), a test module of the same
/// name with one quickcheck model test per line `name: state, key_space;`, each running the
/// interpreter on 1,000 random sequences of up to 100 operations. A failure prints the smallest
/// failing case as a block to paste into a test.
#[allow(unused_macros)]
macro_rules! hash_model_tests {
    ([$($module:ident),*] $tests:tt) => {$(
        hash_model_tests!(@one $module $tests);
    )*};
    (@one $module:ident { $($name:ident: $state:expr, $keys:expr;)* }) => {
        mod $module {
            #[allow(unused_imports)]
            use crate::support::hashers::{HashMode, TestState};
            $(
                #[test]
                fn $name() {
                    fn prop(ops: crate::support::qc::Ops<crate::support::$module::Op>) {
                        crate::support::$module::run($state, $keys, &ops.0)
                    }
                    let call = concat!(
                        "{\n    use support::hashers::*;\n    use support::", stringify!($module),
                        "::{run, Op::*};\n    run(", stringify!($state), ", ", stringify!($keys),
                        ", &OPS);\n}"
                    );
                    crate::support::qc::check(1000, 100, call, prop);
                }
            )*
        }
    };
}
