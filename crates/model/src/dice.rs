//! Deterministic randomness keyed by (seed, run, day, subject, purpose).
//!
//! Every random draw in the model comes from a [`Roll`] made for one subject (an actor,
//! an asset, a pair of actors, a strike) and one purpose on one day. The roll is a
//! ChaCha8 stream positioned at a counter derived from the day: the same key gives the
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

/// The key of a run's randomness.
#[derive(Clone, Debug, Default)]
pub struct Dice {
    key: [u8; 32],
}

/// Words of ChaCha output reserved for one (subject, purpose) on one day; a roll that
/// drew more would run into the next day's numbers, so rolls stay far below it.
const WORDS_PER_DAY: u128 = 1 << 24;

impl Dice {
    /// The randomness of run `run` of an experiment with seed `seed`.
    pub fn new(seed: u64, run: u64) -> Dice {
        let mut key = [0u8; 32];
        let mut state = seed ^ run.rotate_left(32) ^ 0x6772_6179_7a6f_6e65;
        for chunk in key.chunks_mut(8) {
            state = splitmix64(state ^ run);
            chunk.copy_from_slice(&state.to_le_bytes());
        }
        Dice { key }
    }

    /// A fresh stream for one subject and purpose on one day. Nothing is computed until
    /// the first draw, so a roll that a decision never consults costs nothing.
    pub fn roll(&self, day: u32, subject: Subject, purpose: Purpose) -> Roll {
        let word_pos = u128::from(day) * WORDS_PER_DAY;
        Roll {
            key: self.key,
            stream: splitmix64(subject.0 ^ (purpose as u64) << 52)
                ^ if subject.1 == 0 {
                    0
                } else {
                    splitmix64(subject.1 ^ 0x7375_626a_6563_7400)
                },
            block: (word_pos / 16) as u64,
            words: [0; 16],
            next: 16,
        }
    }
}

/// One ChaCha block of 8 rounds (Bernstein 2008) for a 256-bit key, a 64-bit block
/// counter and a 64-bit stream, in the layout of the `chacha20` crate's `ChaCha8Rng`
/// (constants, key, counter in words 12-13, stream in words 14-15).
fn chacha8_block(key: &[u8; 32], counter: u64, stream: u64) -> [u32; 16] {
    let mut input = [0u32; 16];
    input[..4].copy_from_slice(&[0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574]);
    for (i, chunk) in key.chunks_exact(4).enumerate() {
        input[4 + i] = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    input[12] = counter as u32;
    input[13] = (counter >> 32) as u32;
    input[14] = stream as u32;
    input[15] = (stream >> 32) as u32;
    let mut x = input;
    let quarter = |x: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize| {
        x[a] = x[a].wrapping_add(x[b]);
        x[d] = (x[d] ^ x[a]).rotate_left(16);
        x[c] = x[c].wrapping_add(x[d]);
        x[b] = (x[b] ^ x[c]).rotate_left(12);
        x[a] = x[a].wrapping_add(x[b]);
        x[d] = (x[d] ^ x[a]).rotate_left(8);
        x[c] = x[c].wrapping_add(x[d]);
        x[b] = (x[b] ^ x[c]).rotate_left(7);
    };
    for _ in 0..4 {
        quarter(&mut x, 0, 4, 8, 12);
        quarter(&mut x, 1, 5, 9, 13);
        quarter(&mut x, 2, 6, 10, 14);
        quarter(&mut x, 3, 7, 11, 15);
        quarter(&mut x, 0, 5, 10, 15);
        quarter(&mut x, 1, 6, 11, 12);
        quarter(&mut x, 2, 7, 8, 13);
        quarter(&mut x, 3, 4, 9, 14);
    }
    for (w, i) in x.iter_mut().zip(input) {
        *w = w.wrapping_add(i);
    }
    x
}

/// SplitMix64's finaliser: spreads nearby keys over the whole 64-bit range.
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stream of draws for one subject, purpose and day: ChaCha8 at the roll's stream and
/// position, computed one 64-byte block at a time as draws need it. A roll usually draws
/// one or two numbers; the generator of the `rand` crate computes four blocks at once,
/// which was an eighth of a run's instructions (issue "Performance and scale"). The
/// numbers are the same (a test compares them with `rand`'s `ChaCha8Rng`).
pub struct Roll {
    key: [u8; 32],
    stream: u64,
    /// The next block to compute.
    block: u64,
    /// The current block's words and the index of the next word to use (16: none left).
    words: [u32; 16],
    next: usize,
}

/// The most trials [`Roll::binomial`] draws one by one.
pub(crate) const EXACT_TRIALS: u64 = 1000;

impl Roll {
    /// The next 32-bit word of the stream.
    fn word(&mut self) -> u32 {
        if self.next == 16 {
            self.words = chacha8_block(&self.key, self.block, self.stream);
            self.block = self.block.wrapping_add(1);
            self.next = 0;
        }
        self.next += 1;
        self.words[self.next - 1]
    }

    /// A uniform number in [0, 1): the top 53 bits of a draw, as `rand` makes one.
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

    /// A raw 64-bit draw: two words, the first the low half.
    pub fn next_u64(&mut self) -> u64 {
        let low = u64::from(self.word());
        low | u64::from(self.word()) << 32
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

    /// The block-at-a-time stream gives exactly the numbers of `rand`'s `ChaCha8Rng` at
    /// the same key, stream and position, across block boundaries.
    #[test]
    fn draws_are_those_of_rand_chacha8() {
        use rand::rngs::ChaCha8Rng;
        use rand::{Rng, RngExt, SeedableRng};
        for (seed, run, day, k) in [
            (1u64, 0u64, 0u32, 0usize),
            (7, 3, 5, 9),
            (2026, 99, 364, 123_456),
        ] {
            let dice = Dice::new(seed, run);
            let mut roll = dice.roll(day, Subject::item(3, k), Purpose::Detection);
            let mut reference = ChaCha8Rng::from_seed(dice.key);
            reference.set_stream(roll.stream);
            reference.set_word_pos(u128::from(day) * WORDS_PER_DAY);
            for i in 0..40 {
                if i % 3 == 0 {
                    assert_eq!(
                        roll.uniform().to_bits(),
                        reference.random::<f64>().to_bits()
                    );
                } else {
                    assert_eq!(roll.next_u64(), reference.next_u64());
                }
            }
        }
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
