//! The network of MODEL.md section 4: one directed petgraph graph of actors and
//! territories, whose edges carry the relations, and what is derived from it (where each
//! actor can strike, and how supply flows from patrons to militias).
//!
//! Edges are never removed during a run: closing a corridor or restricting basing marks
//! the edge closed, which a reused world can undo. Derived views are recomputed only when
//! an edge opens or closes.

use std::collections::HashMap;

use bevy_ecs::prelude::Resource;
use petgraph::algo::dinics;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::theatre::{ActorIx, TerritoryIx, Theatre};

/// A node: an actor or a territory that is not an actor's own soil.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    /// An actor.
    Actor(ActorIx),
    /// A territory.
    Territory(TerritoryIx),
}

/// A relation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tie {
    /// Patron -> militia.
    Sponsors {
        /// Munitions per day the patron sends at most.
        capacity: f64,
    },
    /// Patron -> territory or territory -> militia, one leg of a corridor.
    Transit {
        /// Index of the corridor in the theatre's transit list.
        corridor: usize,
    },
    /// Host -> guest.
    Hosts,
    /// Hostile, both directions.
    Hostile,
    /// Allied, both directions.
    Allied,
    /// Actor -> actor whose conduct it counts.
    Linkage,
    /// Attacker -> territory it can strike.
    Reach {
        /// The host whose basing it needs.
        via: Option<ActorIx>,
    },
}

/// A corridor's share of one sponsorship's daily supply.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The patron.
    pub patron: ActorIx,
    /// The militia.
    pub militia: ActorIx,
    /// Corridor index and the munitions per day it carries.
    pub legs: Vec<(usize, f64)>,
    /// Munitions per day delivered without a corridor (militias with none declared).
    pub direct: f64,
}

/// The relations graph and its derived views.
#[derive(Resource, Clone, Debug)]
pub struct Network {
    graph: DiGraph<Node, Tie>,
    open: Vec<bool>,
    actor_nodes: Vec<NodeIndex>,
    /// The territories at each node (by node index): reach lands on all of them.
    node_territories: Vec<Vec<TerritoryIx>>,
    corridors: Vec<Corridor>,
    /// The corridors of each sponsorship, by (patron, militia), in index order.
    corridors_of: HashMap<(ActorIx, ActorIx), Vec<usize>>,
    dirty: bool,
    reach: Vec<Vec<TerritoryIx>>,
    routes: Vec<Route>,
}

/// A corridor's fixed description.
#[derive(Clone, Debug, PartialEq)]
pub struct Corridor {
    /// The patron.
    pub patron: ActorIx,
    /// The militia.
    pub militia: ActorIx,
    /// The territory crossed.
    pub via: TerritoryIx,
    /// Capacity per day.
    pub capacity: f64,
    /// Exposure to interdiction.
    pub exposure: f64,
    legs: [EdgeIndex; 2],
}

impl Network {
    /// Builds the graph of a theatre; every edge starts open.
    pub fn new(theatre: &Theatre) -> Network {
        let mut graph = DiGraph::new();
        let actor_nodes: Vec<_> = (0..theatre.actors.len())
            .map(|i| graph.add_node(Node::Actor(ActorIx(i as u32))))
            .collect();
        // An actor's own soil is the actor's node: a strike there is a strike on it.
        let actor_by_id: HashMap<&str, usize> = theatre
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let territory_nodes: Vec<_> = theatre
            .territories
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let own_soil = actor_by_id
                    .get(t.id.as_str())
                    .copied()
                    .filter(|&a| theatre.actors[a].territory.0 as usize == i);
                match own_soil {
                    Some(a) => actor_nodes[a],
                    None => graph.add_node(Node::Territory(TerritoryIx(i as u32))),
                }
            })
            .collect();
        let net = &theatre.network;
        let an = |a: ActorIx| actor_nodes[a.0 as usize];
        let tn = |t: TerritoryIx| territory_nodes[t.0 as usize];
        for s in &net.sponsors {
            graph.add_edge(
                an(s.patron),
                an(s.militia),
                Tie::Sponsors {
                    capacity: s.capacity,
                },
            );
        }
        let corridors: Vec<Corridor> = net
            .transit
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let first = graph.add_edge(an(c.patron), tn(c.via), Tie::Transit { corridor: k });
                let second = graph.add_edge(tn(c.via), an(c.militia), Tie::Transit { corridor: k });
                Corridor {
                    patron: c.patron,
                    militia: c.militia,
                    via: c.via,
                    capacity: c.capacity,
                    exposure: c.exposure,
                    legs: [first, second],
                }
            })
            .collect();
        for h in &net.hosts {
            graph.add_edge(an(h.host), an(h.guest), Tie::Hosts);
        }
        for &(a, b) in &net.hostile {
            graph.add_edge(an(a), an(b), Tie::Hostile);
            graph.add_edge(an(b), an(a), Tie::Hostile);
        }
        for al in &net.allied {
            graph.add_edge(an(al.a), an(al.b), Tie::Allied);
            graph.add_edge(an(al.b), an(al.a), Tie::Allied);
        }
        for l in &net.linkage {
            graph.add_edge(an(l.actor), an(l.tied_to), Tie::Linkage);
        }
        for r in &net.reach {
            graph.add_edge(an(r.from), tn(r.to), Tie::Reach { via: r.via });
        }
        let open = vec![true; graph.edge_count()];
        let mut node_territories = vec![Vec::new(); graph.node_count()];
        for (i, node) in territory_nodes.iter().enumerate() {
            node_territories[node.index()].push(TerritoryIx(i as u32));
        }
        let mut corridors_of: HashMap<(ActorIx, ActorIx), Vec<usize>> = HashMap::new();
        for (k, c) in corridors.iter().enumerate() {
            corridors_of
                .entry((c.patron, c.militia))
                .or_default()
                .push(k);
        }
        let mut network = Network {
            graph,
            open,
            actor_nodes,
            node_territories,
            corridors,
            corridors_of,
            dirty: true,
            reach: Vec::new(),
            routes: Vec::new(),
        };
        network.refresh();
        network
    }

    /// Opens every edge again, as on day 0.
    pub fn reopen_all(&mut self) {
        if self.open.iter().any(|o| !o) {
            self.open.iter_mut().for_each(|o| *o = true);
            self.dirty = true;
            self.refresh();
        }
    }

    /// The corridors, by index.
    pub fn corridors(&self) -> &[Corridor] {
        &self.corridors
    }

    /// Whether a corridor is open.
    pub fn corridor_open(&self, k: usize) -> bool {
        self.open[self.corridors[k].legs[0].index()]
    }

    /// Opens or closes a corridor.
    pub fn set_corridor_open(&mut self, k: usize, open: bool) {
        for leg in self.corridors[k].legs {
            self.set_open(leg, open);
        }
    }

    /// Closes the basing of every guest of a host and every reach that depends on it.
    pub fn restrict_basing(&mut self, host: ActorIx) {
        self.set_basing(host, false);
    }

    /// Opens again the basing of every guest of a host and every reach that depends on it
    /// (a restriction lifted).
    pub fn lift_basing(&mut self, host: ActorIx) {
        self.set_basing(host, true);
    }

    fn set_basing(&mut self, host: ActorIx, open: bool) {
        let node = self.actor_nodes[host.0 as usize];
        let hosting: Vec<_> = self
            .graph
            .edges(node)
            .filter(|e| matches!(e.weight(), Tie::Hosts))
            .map(|e| e.id())
            .collect();
        let reaching: Vec<_> = self
            .graph
            .edge_references()
            .filter(|e| matches!(e.weight(), Tie::Reach { via: Some(v) } if *v == host))
            .map(|e| e.id())
            .collect();
        for e in hosting.into_iter().chain(reaching) {
            self.set_open(e, open);
        }
    }

    /// Whether a host still bases a guest.
    #[cfg(test)]
    pub fn basing_open(&self, host: ActorIx, guest: ActorIx) -> bool {
        let (h, g) = (
            self.actor_nodes[host.0 as usize],
            self.actor_nodes[guest.0 as usize],
        );
        self.graph
            .edges_connecting(h, g)
            .any(|e| matches!(e.weight(), Tie::Hosts) && self.open[e.id().index()])
    }

    fn set_open(&mut self, e: EdgeIndex, open: bool) {
        if self.open[e.index()] != open {
            self.open[e.index()] = open;
            self.dirty = true;
        }
    }

    /// Territories an actor can strike today.
    pub fn reach(&self, a: ActorIx) -> &[TerritoryIx] {
        self.reach.get(a.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// Whether an actor can strike a territory today.
    pub fn reaches(&self, a: ActorIx, t: TerritoryIx) -> bool {
        // Sorted when computed.
        self.reach(a).binary_search(&t).is_ok()
    }

    /// Today's supply routes, one per sponsorship.
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// Recomputes reach and supply routes if an edge opened or closed since the last call.
    pub fn refresh(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        self.reach = self.compute_reach();
        self.routes = self.compute_routes();
    }

    fn compute_reach(&self) -> Vec<Vec<TerritoryIx>> {
        self.actor_nodes
            .iter()
            .map(|&node| {
                let mut targets: Vec<TerritoryIx> = self
                    .graph
                    .edges(node)
                    .filter(|e| {
                        matches!(e.weight(), Tie::Reach { .. }) && self.open[e.id().index()]
                    })
                    .flat_map(|e| self.territories_at(e.target()))
                    .collect();
                targets.sort();
                targets.dedup();
                targets
            })
            .collect()
    }

    fn territories_at(&self, node: NodeIndex) -> impl Iterator<Item = TerritoryIx> + '_ {
        self.node_territories[node.index()].iter().copied()
    }

    /// Supply per sponsorship: the most the open corridors can carry to the militia,
    /// bounded by what the patron sends (a max-flow with the sponsorship's capacity on
    /// the militia's outflow), filled through the least exposed corridors first.
    fn compute_routes(&self) -> Vec<Route> {
        self.graph
            .edge_references()
            .filter_map(|e| match e.weight() {
                Tie::Sponsors { capacity } => Some((e.source(), e.target(), *capacity)),
                _ => None,
            })
            .map(|(p, m, capacity)| {
                let patron = self.actor_at(p);
                let militia = self.actor_at(m);
                let mut declared: Vec<usize> = self
                    .corridors_of
                    .get(&(patron, militia))
                    .cloned()
                    .unwrap_or_default();
                if declared.is_empty() {
                    return Route {
                        patron,
                        militia,
                        legs: Vec::new(),
                        direct: capacity,
                    };
                }
                declared.retain(|&k| self.corridor_open(k));
                let deliverable = self.max_flow(&declared, capacity);
                declared.sort_by(|&a, &b| {
                    self.corridors[a]
                        .exposure
                        .total_cmp(&self.corridors[b].exposure)
                        .then(a.cmp(&b))
                });
                let mut left = deliverable;
                let legs = declared
                    .into_iter()
                    .map(|k| {
                        let flow = left.min(self.corridors[k].capacity);
                        left -= flow;
                        (k, flow)
                    })
                    .filter(|(_, flow)| *flow > 0.0)
                    .collect();
                Route {
                    patron,
                    militia,
                    legs,
                    direct: 0.0,
                }
            })
            .collect()
    }

    /// The max-flow value from the patron through the given corridors to a sink behind
    /// the militia, with the sponsorship's capacity on the militia's outflow.
    fn max_flow(&self, corridors: &[usize], capacity: f64) -> f64 {
        if corridors.is_empty() {
            return 0.0;
        }
        let mut flow = DiGraph::<(), f64>::new();
        let source = flow.add_node(());
        let militia = flow.add_node(());
        let sink = flow.add_node(());
        for &k in corridors {
            let via = flow.add_node(());
            flow.add_edge(source, via, self.corridors[k].capacity);
            flow.add_edge(via, militia, self.corridors[k].capacity);
        }
        flow.add_edge(militia, sink, capacity);
        dinics(&flow, source, sink).0
    }

    fn actor_at(&self, node: NodeIndex) -> ActorIx {
        match self.graph[node] {
            Node::Actor(a) => a,
            Node::Territory(_) => unreachable!("sponsorship edges join actors"),
        }
    }
}
