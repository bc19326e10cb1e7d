//! Deterministic randomness keyed by (seed, run, day, subject, purpose).
//!
//! Every random draw in the model comes from a [`Roll`] made for one subject (an actor,
//! an asset, a pair of actors, a strike) and one purpose on one day. The roll is a
//! SplitMix64 stream started at a keyed hash of all five: the same key gives the
//! same numbers whatever order systems or queries visit entities in, whatever thread the
//! run is on, and however an experiment is split. Changing what one subject draws never
//! shifts what another draws, which also keeps sweeps on common random numbers.
//!
//! A strike wave (and the report of what became of it) is keyed by what it is, not by
//! where it falls in the day's list: its attacker, its target and its kind
//! ([`Subject::wave`]), with an occurrence count only among waves identical in all three.
//! One more wave on a day therefore leaves every other wave's interceptions, debris and
//! attribution as they were. The same holds for interdicted convoys
//! ([`Subject::convoy`]).

use crate::messages::{StrikeKind, StrikeTarget};
use crate::theatre::{ActorIx, AssetIx};

/// Why a number is drawn; part of the key, so two purposes never share a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Purpose {
    /// A convoy in a corridor is interdicted or not.
    Interdiction = 1,
    /// A watcher detects a real preparation or misreads a benign move.
    Detection,
    /// A militia's decision to prepare an attack.
    ProxyDecision,
    /// Choice of targets.
    Targeting,
    /// A state's choice among its acts.
    StateDecision,
    /// Interceptions of one wave.
    Interception,
    /// Debris from interceptions.
    Debris,
    /// Attribution of an attack.
    Attribution,
    /// Interdiction read as a ceasefire violation.
    Perception,
    /// Off-ramps.
    Diplomacy,
    /// Re-mediation of a collapsed ceasefire.
    Remediation,
    /// Targets of a prepared strike at its launch.
    Launch,
    /// A state's benign move (surveillance sortie, repositioning, exercise).
    BenignMove,
    /// An alarm read as a ceasefire violation.
    Suspicion,
    /// An adversary's rearmament read as a ceasefire violation.
    RearmamentWatch,
    /// The order in which the day's raids (and the waves within each) meet the defence.
    RaidOrder,
    /// Munitions of one wave that fail at launch or in flight.
    Reliability,
    /// The one execution error of a state's day about one watched actor.
    ExecutionError,
    /// A state's choice to interdict an adversary's convoys.
    InterdictionChoice,
    /// A call over the direct line that checks an alarm before a pre-emption.
    DirectLine,
    /// A demand put in talks, and the answer to it.
    Negotiation,
    /// A patron's choice to answer through its militias.
    ProxyAnswer,
}

/// What a roll is about: packed into the stream number with the purpose. The second
/// word holds what does not fit the first (fields of actors or assets past 65,535): it is
/// zero for every theatre below that size, whose streams are therefore what they always
/// were, and mixed into the stream number otherwise, so that no two subjects meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subject(u64, u64);

impl Subject {
    /// One actor.
    pub fn actor(a: ActorIx) -> Subject {
        Subject(1 << 60 | u64::from(a.0), 0)
    }

    /// An ordered pair of actors (a watcher and a watched, a state and an adversary).
    pub fn pair(a: ActorIx, b: ActorIx) -> Subject {
        Subject(2 << 60 | u64::from(a.0) << 28 | u64::from(b.0), 0)
    }

    /// One asset.
    pub fn asset(a: AssetIx) -> Subject {
        Subject(3 << 60 | u64::from(a.0), 0)
    }

    /// The k-th item of a list with no identity of its own (tests). Never key a wave, a
    /// report or a convoy by its position: use [`Subject::wave`] or [`Subject::convoy`].
    pub fn item(kind: u8, k: usize) -> Subject {
        Subject(4 << 60 | u64::from(kind) << 40 | k as u64, 0)
    }

    /// One strike wave: who fires, at what, why, and (only when several waves of a day
    /// share all three) its occurrence among those identical waves, counted from 0. The
    /// report of the wave has the same subject. The fields fill the low 52 bits and leave
    /// the bits the purpose is mixed into (52-59) clear, so no two (wave, purpose) keys
    /// meet.
    pub fn wave(
        attacker: ActorIx,
        target: StrikeTarget,
        kind: StrikeKind,
        occurrence: u32,
    ) -> Subject {
        let (forces, t) = match target {
            StrikeTarget::Asset(a) => (0, a.0),
            StrikeTarget::Forces(m) => (1, m.0),
        };
        Subject(
            5 << 60
                | (kind as u64) << 49
                | forces << 48
                | field(attacker.0) << 32
                | field(t) << 16
                | field(occurrence),
            above(attacker.0) << 32 | above(t) << 16 | above(occurrence),
        )
    }

    /// One interdicted convoy: who interdicted it, whose it was, for which militia, and
    /// its occurrence among convoys identical in all three that day.
    pub fn convoy(by: ActorIx, patron: ActorIx, militia: ActorIx, occurrence: u32) -> Subject {
        Subject(
            6 << 60
                | field(by.0) << 36
                | field(patron.0) << 20
                | field(militia.0) << 4
                | u64::from(occurrence.min(15)),
            above(by.0) << 32 | above(patron.0) << 16 | above(militia.0),
        )
    }
}

/// The low 16 bits of a field of a subject, in the first word.
fn field(x: u32) -> u64 {
    u64::from(x & 0xFFFF)
}

/// The rest of a field, in the second word (zero below 65,536).
fn above(x: u32) -> u64 {
    u64::from(x >> 16)
}

/// The key of a run's randomness: two words drawn from the seed and the run.
#[derive(Clone, Debug, Default)]
pub struct Dice {
    key: [u64; 2],
}

/// The increment of SplitMix64's Weyl sequence (2^64 divided by the golden ratio, odd).
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

impl Dice {
    /// The randomness of run `run` of an experiment with seed `seed`.
    pub fn new(seed: u64, run: u64) -> Dice {
        let first = splitmix64(seed ^ 0x6772_6179_7a6f_6e65);
        let second = splitmix64(first ^ run);
        Dice {
            key: [second, splitmix64(second ^ run.rotate_left(32))],
        }
    }

    /// A fresh stream for one subject and purpose on one day: its starting state is a
    /// keyed hash of (run key, subject, purpose, day), each step a bijective mix, so two
    /// keys that differ in any field start at unrelated points of the 2^64 states.
    pub fn roll(&self, day: u32, subject: Subject, purpose: Purpose) -> Roll {
        let stream = splitmix64(subject.0 ^ (purpose as u64) << 52)
            ^ if subject.1 == 0 {
                0
            } else {
                splitmix64(subject.1 ^ 0x7375_626a_6563_7400)
            };
        let state = splitmix64(splitmix64(self.key[0] ^ stream) ^ self.key[1] ^ u64::from(day));
        Roll { state }
    }
}

/// SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection of 64-bit words that
/// spreads nearby inputs over the whole range.
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(GAMMA);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stream of draws for one subject, purpose and day: SplitMix64 from the roll's keyed
/// starting state. A roll usually draws one or two numbers, so what matters is that
/// making one and drawing are cheap: the ChaCha8 stream it replaced computed a 64-byte
/// block for each, an eighth to a sixth of a run's instructions (issue "Performance and
/// scale"). The tests below check the output's uniformity, the independence of
/// consecutive draws and of neighbouring keys.
#[derive(Clone, Debug)]
pub struct Roll {
    state: u64,
}

/// The most trials [`Roll::binomial`] draws one by one.
pub(crate) const EXACT_TRIALS: u64 = 1000;

impl Roll {
    /// A uniform number in [0, 1): the top 53 bits of a draw.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p` (no draw is wasted on certain outcomes).
    pub fn chance(&mut self, p: f64) -> bool {
        if p <= 0.0 {
            false
        } else if p >= 1.0 {
            true
        } else {
            self.uniform() < p
        }
    }

    /// The number of successes in `n` trials of probability `p`.
    ///
    /// Exact, one draw per trial, up to [`EXACT_TRIALS`] trials (every salvo of the
    /// shipped scenarios). Beyond, a scenario may ask for up to 1e15 munitions, where a
    /// draw per trial would run for days: the count is drawn in constant time from the
    /// Poisson limit when fewer than ten successes (or failures) are expected, and from
    /// the normal approximation otherwise, rounded and kept within 0..=n.
    pub fn binomial(&mut self, n: u64, p: f64) -> u64 {
        if n <= EXACT_TRIALS {
            return (0..n).filter(|_| self.chance(p)).count() as u64;
        }
        if p <= 0.0 {
            return 0;
        }
        if p >= 1.0 {
            return n;
        }
        if p > 0.5 {
            return n - self.binomial(n, 1.0 - p);
        }
        let mean = n as f64 * p;
        let count = if mean < 10.0 {
            self.poisson(mean)
        } else {
            let sd = (mean * (1.0 - p)).sqrt();
            (mean + sd * self.normal()).round().max(0.0)
        };
        (count as u64).min(n)
    }

    /// A Poisson count of mean `mean` (small), by inversion.
    fn poisson(&mut self, mean: f64) -> f64 {
        let u = self.uniform();
        let (mut k, mut term) = (0.0, (-mean).exp());
        let mut cumulative = term;
        while u > cumulative && term > 0.0 {
            k += 1.0;
            term *= mean / k;
            cumulative += term;
        }
        k
    }

    /// A standard normal draw (Box–Muller, from two uniforms).
    fn normal(&mut self) -> f64 {
        let u = 1.0 - self.uniform();
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// An index drawn with probability proportional to its weight; `None` when every
    /// weight is zero.
    pub fn weighted(&mut self, weights: &[f64]) -> Option<usize> {
        let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
        if total <= 0.0 {
            return None;
        }
        let mut x = self.uniform() * total;
        let mut last = None;
        for (i, &w) in weights.iter().enumerate() {
            if w > 0.0 {
                last = Some(i);
                if x < w {
                    return Some(i);
                }
                x -= w;
            }
        }
        last
    }

    /// An index below `n`, uniformly; `None` when `n` is 0. The same draw as
    /// [`Roll::weighted`] over `n` equal weights, without the weights.
    pub fn index(&mut self, n: usize) -> Option<usize> {
        if n == 0 {
            return None;
        }
        // `weighted` walks x = u·n down by 1 per index: exact steps below 2^53, so it
        // stops at floor(x), or at the last index if rounding made x reach n.
        Some(((self.uniform() * n as f64) as usize).min(n - 1))
    }

    /// Up to `k` distinct indices drawn with probability proportional to weight,
    /// without replacement.
    pub fn weighted_distinct(&mut self, weights: &[f64], k: usize) -> Vec<usize> {
        let mut left = weights.to_vec();
        let mut picked = Vec::with_capacity(k.min(weights.len()));
        while picked.len() < k {
            match self.weighted(&left) {
                Some(i) => {
                    picked.push(i);
                    left[i] = 0.0;
                }
                None => break,
            }
        }
        picked
    }

    /// A raw 64-bit draw: the next state of the Weyl sequence, mixed.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_numbers_different_keys_differ() {
        let dice = Dice::new(7, 3);
        let a = dice
            .roll(0, Subject::actor(ActorIx(1)), Purpose::Detection)
            .next_u64();
        let b = dice
            .roll(0, Subject::actor(ActorIx(1)), Purpose::Detection)
            .next_u64();
        assert_eq!(a, b);
        let other_purpose = dice
            .roll(0, Subject::actor(ActorIx(1)), Purpose::Targeting)
            .next_u64();
        let other_subject = dice
            .roll(0, Subject::actor(ActorIx(2)), Purpose::Detection)
            .next_u64();
        let other_run = Dice::new(7, 4)
            .roll(0, Subject::actor(ActorIx(1)), Purpose::Detection)
            .next_u64();
        let other_day = dice
            .roll(1, Subject::actor(ActorIx(1)), Purpose::Detection)
            .next_u64();
        for x in [other_purpose, other_subject, other_run, other_day] {
            assert_ne!(a, x);
        }
    }

    #[test]
    fn actors_past_65535_never_share_a_stream() {
        let dice = Dice::new(3, 0);
        let draw = |s: Subject| dice.roll(1, s, Purpose::Interception).next_u64();
        let target = StrikeTarget::Forces(ActorIx(2));
        for (low, high) in [
            (ActorIx(4), ActorIx(4 + 65_536)),
            (ActorIx(0), ActorIx(131_072)),
        ] {
            assert_ne!(
                draw(Subject::wave(low, target, StrikeKind::Retaliation, 0)),
                draw(Subject::wave(high, target, StrikeKind::Retaliation, 0))
            );
            assert_ne!(
                draw(Subject::convoy(low, ActorIx(1), ActorIx(2), 0)),
                draw(Subject::convoy(high, ActorIx(1), ActorIx(2), 0))
            );
            assert_ne!(draw(Subject::actor(low)), draw(Subject::actor(high)));
            assert_ne!(
                draw(Subject::pair(low, ActorIx(1))),
                draw(Subject::pair(high, ActorIx(1)))
            );
        }
    }

    /// The chi-square statistic of `counts` against equal expected counts, and whether it
    /// is below the 99.99th percentile of its distribution (Wilson–Hilferty).
    fn uniform_counts(counts: &[u64]) -> (f64, bool) {
        let total: u64 = counts.iter().sum();
        let expected = total as f64 / counts.len() as f64;
        let chi2: f64 = counts
            .iter()
            .map(|&c| (c as f64 - expected).powi(2) / expected)
            .sum();
        let dof = (counts.len() - 1) as f64;
        let h = 2.0 / (9.0 * dof);
        let critical = dof * (1.0 - h + 3.72 * h.sqrt()).powi(3);
        (chi2, chi2 < critical)
    }

    /// Pearson's correlation of paired draws.
    fn correlation(pairs: &[(f64, f64)]) -> f64 {
        let n = pairs.len() as f64;
        let (mx, my) = pairs
            .iter()
            .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        for (x, y) in pairs {
            sxy += (x - mx) * (y - my);
            sxx += (x - mx).powi(2);
            syy += (y - my).powi(2);
        }
        sxy / (sxx * syy).sqrt()
    }

    /// The first draws of neighbouring keys (subjects, days, runs, purposes: the way the
    /// model makes rolls) are uniform, every bit is balanced, and the first draw of a key
    /// says nothing of its neighbour's.
    #[test]
    fn neighbouring_keys_give_uniform_independent_draws() {
        const N: usize = 200_000;
        let dice = Dice::new(2026, 0);
        let keyed: [(&str, Box<dyn Fn(usize) -> Roll>); 4] = [
            (
                "subject",
                Box::new(|k| dice.roll(3, Subject::item(1, k), Purpose::Detection)),
            ),
            (
                "day",
                Box::new(|k| dice.roll(k as u32, Subject::actor(ActorIx(2)), Purpose::Detection)),
            ),
            (
                "run",
                Box::new(|k| {
                    Dice::new(2026, k as u64).roll(
                        3,
                        Subject::actor(ActorIx(2)),
                        Purpose::Detection,
                    )
                }),
            ),
            (
                "pair",
                Box::new(|k| {
                    let (a, b) = (k as u32 % 447, k as u32 / 447);
                    dice.roll(
                        3,
                        Subject::pair(ActorIx(a), ActorIx(b)),
                        Purpose::StateDecision,
                    )
                }),
            ),
        ];
        for (what, roll) in &keyed {
            let first: Vec<u64> = (0..N).map(|k| roll(k).next_u64()).collect();
            let mut bins = [0u64; 256];
            let mut bits = [0u64; 64];
            for x in &first {
                bins[(x >> 56) as usize] += 1;
                for (b, count) in bits.iter_mut().enumerate() {
                    *count += x >> b & 1;
                }
            }
            let (chi2, ok) = uniform_counts(&bins);
            assert!(
                ok,
                "{what}: first draws not uniform (chi-square {chi2:.0}, 255 dof)"
            );
            for (b, &ones) in bits.iter().enumerate() {
                // Five standard deviations of a fair coin over N draws.
                let z = (ones as f64 - N as f64 / 2.0) / (N as f64 / 4.0).sqrt();
                assert!(z.abs() < 5.0, "{what}: bit {b} set in {ones} of {N}");
            }
            let unit = |x: u64| (x >> 11) as f64 / (1u64 << 53) as f64;
            let neighbours: Vec<(f64, f64)> =
                first.windows(2).map(|w| (unit(w[0]), unit(w[1]))).collect();
            let r = correlation(&neighbours);
            // Four standard errors of a zero correlation.
            assert!(
                r.abs() < 4.0 / (N as f64).sqrt(),
                "{what}: neighbours correlate, r = {r}"
            );
        }
    }

    /// Consecutive draws of one roll are uniform in pairs (a 16 x 16 grid) and
    /// uncorrelated, over many short rolls (as decisions draw) and along one long one.
    #[test]
    fn consecutive_draws_are_independent() {
        let dice = Dice::new(7, 11);
        let mut grid = [0u64; 256];
        let mut pairs = Vec::new();
        for k in 0..100_000 {
            let mut roll = dice.roll(5, Subject::asset(AssetIx(k)), Purpose::Interception);
            let (x, y) = (roll.uniform(), roll.uniform());
            grid[(x * 16.0) as usize * 16 + (y * 16.0) as usize] += 1;
            pairs.push((x, y));
        }
        let (chi2, ok) = uniform_counts(&grid);
        assert!(
            ok,
            "pairs of draws not uniform (chi-square {chi2:.0}, 255 dof)"
        );
        let r = correlation(&pairs);
        assert!(r.abs() < 4.0 / (pairs.len() as f64).sqrt(), "r = {r}");
        let mut long = dice.roll(0, Subject::actor(ActorIx(0)), Purpose::Targeting);
        let draws: Vec<f64> = (0..200_001).map(|_| long.uniform()).collect();
        let lagged: Vec<(f64, f64)> = draws.windows(2).map(|w| (w[0], w[1])).collect();
        let r = correlation(&lagged);
        assert!(
            r.abs() < 4.0 / (lagged.len() as f64).sqrt(),
            "lag-1 r = {r}"
        );
    }

    #[test]
    fn chance_matches_its_probability() {
        let dice = Dice::new(1, 0);
        let hits = (0..20_000)
            .filter(|&k| {
                dice.roll(0, Subject::item(0, k), Purpose::Detection)
                    .chance(0.3)
            })
            .count();
        let share = hits as f64 / 20_000.0;
        assert!((share - 0.3).abs() < 0.015, "share {share}");
    }

    #[test]
    fn large_binomials_take_constant_time_and_keep_their_mean_and_spread() {
        let dice = Dice::new(1, 0);
        // (trials, probability): the Poisson limit, the normal, and both mirrored.
        for (n, p) in [
            (1_000_000u64, 2e-6),
            (1_000_000, 0.3),
            (10u64.pow(15), 0.9),
            (5_000, 0.999_5),
        ] {
            let draws: Vec<f64> = (0..4_000)
                .map(|k| {
                    let x = dice
                        .roll(0, Subject::item(2, k), Purpose::Interception)
                        .binomial(n, p);
                    assert!(x <= n, "{x} of {n}");
                    x as f64
                })
                .collect();
            let mean = draws.iter().sum::<f64>() / draws.len() as f64;
            let var =
                draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (draws.len() - 1) as f64;
            let (m, v) = (n as f64 * p, n as f64 * p * (1.0 - p));
            // Four standard errors of the mean; the variance within 15%.
            assert!(
                (mean - m).abs() <= 4.0 * (v / draws.len() as f64).sqrt(),
                "n {n} p {p}: mean {mean}, expected {m}"
            );
            assert!(
                (var / v - 1.0).abs() < 0.15,
                "n {n} p {p}: variance {var}, expected {v}"
            );
        }
    }

    #[test]
    fn an_index_is_the_draw_of_equal_weights() {
        let dice = Dice::new(5, 2);
        for n in [1usize, 2, 3, 7, 100, 100_003] {
            for k in 0..300 {
                let roll = || dice.roll(4, Subject::item(5, k), Purpose::Attribution);
                assert_eq!(roll().index(n), roll().weighted(&vec![1.0; n]), "n {n}");
            }
        }
        assert_eq!(
            dice.roll(0, Subject::item(5, 0), Purpose::Attribution)
                .index(0),
            None
        );
    }

    #[test]
    fn weighted_never_picks_zero_weight() {
        let dice = Dice::new(1, 0);
        for k in 0..500 {
            let i = dice
                .roll(0, Subject::item(1, k), Purpose::Targeting)
                .weighted(&[0.0, 1.0, 0.0, 3.0]);
            assert!(matches!(i, Some(1) | Some(3)));
        }
        let mut roll = dice.roll(0, Subject::item(2, 0), Purpose::Targeting);
        assert_eq!(roll.weighted(&[0.0, 0.0]), None);
        let distinct = roll.weighted_distinct(&[1.0, 1.0, 0.0, 1.0], 5);
        assert_eq!(distinct.len(), 3);
    }
}
