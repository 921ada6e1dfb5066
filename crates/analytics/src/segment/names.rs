//! The named RFM segments and the 125-code table of KPIS.md.

use serde::{Deserialize, Serialize};

/// A named RFM segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum RfmSegment {
    Champions,
    Loyal,
    PotentialLoyalist,
    NewCustomers,
    Promising,
    NeedAttention,
    AboutToSleep,
    AtRisk,
    CantLoseThem,
    Hibernating,
    Lost,
}

/// KPIS.md's table, transcribed as written: each segment with its codes.
const TABLE: [(RfmSegment, &[u16]); 11] = [
    (RfmSegment::Champions, &[555, 554, 544, 545, 454, 455, 445]),
    (RfmSegment::Loyal, &[543, 444, 435, 355, 354, 345, 344, 335]),
    (
        RfmSegment::PotentialLoyalist,
        &[
            553, 551, 552, 541, 542, 533, 532, 531, 452, 451, 442, 441, 431, 453, 433, 432, 423, 353, 352, 351, 342,
            341, 333, 323,
        ],
    ),
    (RfmSegment::NewCustomers, &[512, 511, 422, 421, 412, 411, 311]),
    (
        RfmSegment::Promising,
        &[
            525, 524, 523, 522, 521, 515, 514, 513, 425, 424, 413, 414, 415, 315, 314, 313,
        ],
    ),
    (RfmSegment::NeedAttention, &[535, 534, 443, 434, 343, 334, 325, 324]),
    (RfmSegment::AboutToSleep, &[331, 321, 312, 221, 213, 231, 241, 251]),
    (
        RfmSegment::AtRisk,
        &[
            255, 254, 245, 244, 253, 252, 243, 242, 235, 234, 225, 224, 153, 152, 145, 143, 142, 135, 134, 133, 125,
            124,
        ],
    ),
    (RfmSegment::CantLoseThem, &[155, 154, 144, 214, 215, 115, 114, 113]),
    (
        RfmSegment::Hibernating,
        &[332, 322, 233, 232, 223, 222, 132, 123, 122, 212, 211],
    ),
    (RfmSegment::Lost, &[111, 112, 121, 131, 141, 151]),
];

impl RfmSegment {
    /// Every segment, best first (the order of KPIS.md's table).
    pub const ALL: [RfmSegment; 11] = [
        RfmSegment::Champions,
        RfmSegment::Loyal,
        RfmSegment::PotentialLoyalist,
        RfmSegment::NewCustomers,
        RfmSegment::Promising,
        RfmSegment::NeedAttention,
        RfmSegment::AboutToSleep,
        RfmSegment::AtRisk,
        RfmSegment::CantLoseThem,
        RfmSegment::Hibernating,
        RfmSegment::Lost,
    ];

    /// The segment of scores 1–5 each. Scores outside 1–5 are clamped, so
    /// the lookup is total.
    pub fn from_scores(r: u8, f: u8, m: u8) -> RfmSegment {
        let code = u16::from(r.clamp(1, 5)) * 100 + u16::from(f.clamp(1, 5)) * 10 + u16::from(m.clamp(1, 5));
        TABLE
            .iter()
            .find(|(_, codes)| codes.contains(&code))
            .map_or(RfmSegment::Lost, |(s, _)| *s)
    }

    /// The name KPIS.md gives it.
    pub fn name(self) -> &'static str {
        match self {
            RfmSegment::Champions => "Champions",
            RfmSegment::Loyal => "Loyal",
            RfmSegment::PotentialLoyalist => "Potential Loyalist",
            RfmSegment::NewCustomers => "New Customers",
            RfmSegment::Promising => "Promising",
            RfmSegment::NeedAttention => "Need Attention",
            RfmSegment::AboutToSleep => "About To Sleep",
            RfmSegment::AtRisk => "At Risk",
            RfmSegment::CantLoseThem => "Can't Lose Them",
            RfmSegment::Hibernating => "Hibernating",
            RfmSegment::Lost => "Lost",
        }
    }

    /// The codes of this segment.
    pub fn codes(self) -> &'static [u16] {
        TABLE.iter().find(|(s, _)| *s == self).map_or(&[], |(_, c)| c)
    }

    /// The default recommended action (the page lets the user edit it).
    pub fn default_action(self) -> &'static str {
        match self {
            RfmSegment::Champions => "Reward them: early access, loyalty perks, ask for reviews and referrals.",
            RfmSegment::Loyal => "Upsell higher-value products; invite them to the loyalty programme.",
            RfmSegment::PotentialLoyalist => "Offer membership or a second-purchase incentive to build the habit.",
            RfmSegment::NewCustomers => "Onboard well: welcome series, how-to content, a first-repeat offer.",
            RfmSegment::Promising => "Build awareness of the range with targeted recommendations and free trials.",
            RfmSegment::NeedAttention => "Send limited-time offers based on their past purchases to reactivate.",
            RfmSegment::AboutToSleep => "Share popular products and a reason to come back before they lapse.",
            RfmSegment::AtRisk => "Win back with personal emails and renewal offers; find out what went wrong.",
            RfmSegment::CantLoseThem => {
                "Call them: they were your best. Personal win-back, new products, service review."
            }
            RfmSegment::Hibernating => "Offer relevant products and special discounts; keep contact light.",
            RfmSegment::Lost => "Revive interest with a reach-out campaign, or stop spending on them.",
        }
    }
}

impl std::fmt::Display for RfmSegment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_to_exactly_one_segment() {
        for r in 1..=5u16 {
            for f in 1..=5u16 {
                for m in 1..=5u16 {
                    let code = r * 100 + f * 10 + m;
                    let owners: Vec<_> = TABLE.iter().filter(|(_, c)| c.contains(&code)).collect();
                    assert_eq!(owners.len(), 1, "code {code} is in {} segments", owners.len());
                }
            }
        }
        let total: usize = TABLE.iter().map(|(_, c)| c.len()).sum();
        assert_eq!(total, 125);
    }

    #[test]
    fn lookups_follow_the_table() {
        assert_eq!(RfmSegment::from_scores(5, 5, 5), RfmSegment::Champions);
        assert_eq!(RfmSegment::from_scores(1, 1, 1), RfmSegment::Lost);
        assert_eq!(RfmSegment::from_scores(1, 5, 5), RfmSegment::CantLoseThem);
        assert_eq!(RfmSegment::from_scores(3, 1, 1), RfmSegment::NewCustomers);
        assert_eq!(RfmSegment::from_scores(2, 1, 2), RfmSegment::Hibernating);
        assert_eq!(RfmSegment::from_scores(3, 3, 2), RfmSegment::Hibernating);
        for s in RfmSegment::ALL {
            for &code in s.codes() {
                let (r, f, m) = ((code / 100) as u8, (code / 10 % 10) as u8, (code % 10) as u8);
                assert_eq!(RfmSegment::from_scores(r, f, m), s, "{code}");
            }
        }
    }
}
