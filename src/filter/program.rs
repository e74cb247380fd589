//! A filter compiled for evaluation: the tree flattened into nodes, `&&`/`||` parts ordered cheapest first,
//! each node marked when it reads a per-observation field.

use super::ast::{Expr, Test};
use super::field::Level;

/// A node of the flattened tree; children are indexes into [`Program::nodes`].
#[derive(Debug, Clone)]
pub(super) enum Op {
    And(Vec<usize>),
    Or(Vec<usize>),
    Not(usize),
    /// A test with the index of its memo (see `eval.rs`).
    Leaf(Test, usize),
}

/// The compiled filter.
#[derive(Debug, Clone)]
pub(super) struct Program {
    /// Every node; the root is the last.
    pub(super) nodes: Vec<Op>,
    /// Per node: whether it reads a per-observation field.
    pub(super) per_observation: Vec<bool>,
    /// Memos needed (one per test that memoises).
    pub(super) memos: usize,
    /// Whether a test's value follows the set of observations (`observations`, `observers`, `heard_by`).
    pub(super) follows_observation_set: bool,
}

impl Program {
    /// Compiles `expr`.
    pub(super) fn new(expr: &Expr) -> Program {
        let mut program = Program {
            nodes: Vec::new(),
            per_observation: Vec::new(),
            memos: 0,
            follows_observation_set: expr.any_test(&mut Test::follows_observation_set),
        };
        program.add(expr);
        program
    }

    /// The root node.
    pub(super) fn root(&self) -> usize {
        self.nodes.len().saturating_sub(1)
    }

    /// Adds `expr` and its parts; returns its index and cost.
    fn add(&mut self, expr: &Expr) -> (usize, u8) {
        let (op, per_observation, cost) = match expr {
            Expr::And(parts) | Expr::Or(parts) => {
                let mut children: Vec<(usize, u8)> =
                    parts.iter().map(|part| self.add(part)).collect();
                children
                    .sort_by_key(|&(index, cost)| (self.per_observation.get(index).copied(), cost));
                let per_observation = children
                    .iter()
                    .any(|&(index, _)| self.per_observation.get(index).copied().unwrap_or(false));
                let cost = children.iter().map(|&(_, cost)| cost).max().unwrap_or(0);
                let indexes = children.into_iter().map(|(index, _)| index).collect();
                let op = match expr {
                    Expr::And(_) => Op::And(indexes),
                    _ => Op::Or(indexes),
                };
                (op, per_observation, cost)
            }
            Expr::Not(part) => {
                let (index, cost) = self.add(part);
                let per_observation = self.per_observation.get(index).copied().unwrap_or(false);
                (Op::Not(index), per_observation, cost)
            }
            Expr::Test(test) => {
                let memo = self.memos;
                self.memos += 1;
                (
                    Op::Leaf(test.clone(), memo),
                    test.level() == Level::Observation,
                    test.cost(),
                )
            }
        };
        self.nodes.push(op);
        self.per_observation.push(per_observation);
        (self.nodes.len() - 1, cost)
    }
}
