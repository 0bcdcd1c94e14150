using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Demo;

/// <summary>The demo's collaboration: partners, their pairings with the demo county and a village, people exchanged and inputs.</summary>
public sealed record DemoCollaboration(IReadOnlyList<Partner> Partners, IReadOnlyList<Pairing> Pairings, IReadOnlyList<SecondedCadre> People,
    IReadOnlyList<CollaborationInput> Inputs);

/// <summary>
/// A small, fixed collaboration history for the demo county (issue 20): a paired eastern county (东西部扶贫协作 since the end
/// of 2016, 携手奔小康) and an enterprise helping the first village (万企帮万村), with a few years of inputs. The years of the
/// exits (2017–2020) are confirmed; the current year's are partly unconfirmed and one was rejected by the work team, so the
/// pages show what is counted and what is not. The same seed always gives the same rows.
/// </summary>
public static class DemoCollaborationGenerator
{
    public const string EasternCountyName = "东海省示例市滨江县";
    public const string EnterpriseName = "示例农业发展有限公司";

    public static DemoCollaboration Generate(IReadOnlyList<string> villages, int seed, int currentYear)
    {
        if (villages.Count == 0) return new([], [], [], []);
        var rng = new Random(seed * 31 + 20);
        var east = new Partner { Name = EasternCountyName, Kind = PartnerKind.EasternRegion, Place = "东海省示例市滨江县（东部）", RegisteredIn = DemoGenerator.ProvinceCode, CreatedBy = "demo" };
        var firm = new Partner
        {
            Name = EnterpriseName, Kind = PartnerKind.Enterprise, Place = "示例省示例市", CreditCode = "91990121MA6DEMO01X", Contact = "王经理",
            RegisteredIn = DemoGenerator.CountyCode, CreatedBy = "demo",
        };
        var county = DemoGenerator.CountyCode;
        var village = villages[0];
        var eastPairing = new Pairing
        {
            Partner = east, RegionCode = county, RegionPrefix = DemoGenerator.CountyPrefix, CountyCode = DemoGenerator.CountyPrefix, Type = PairingType.EastWest,
            Agreement = "携手奔小康行动结对帮扶协议", StartsOn = new DateOnly(2016, 12, 1), CreatedBy = "demo",
        };
        var firmPairing = new Pairing
        {
            Partner = firm, RegionCode = village, RegionPrefix = Regions.RegionCode.Parse(village).Prefix,
            CountyCode = DemoGenerator.CountyPrefix, Type = PairingType.FirmsHelpVillages, Agreement = "村企结对协议", StartsOn = new DateOnly(2017, 3, 1), CreatedBy = "demo",
        };
        List<SecondedCadre> people =
        [
            Person(eastPairing, "陈立新", SecondmentDirection.ToHelped, SecondeeKind.Cadre, "挂职副县长", new DateOnly(2017, 3, 1), new DateOnly(2020, 12, 31)),
            Person(eastPairing, "周敏", SecondmentDirection.ToHelped, SecondeeKind.Teacher, "支教教师", new DateOnly(2018, 9, 1), new DateOnly(2019, 7, 15)),
            Person(eastPairing, "黄志远", SecondmentDirection.ToHelped, SecondeeKind.Doctor, "县医院副院长", new DateOnly(2019, 3, 1), new DateOnly(2020, 3, 1)),
            Person(eastPairing, "杨帆", SecondmentDirection.ToPartner, SecondeeKind.Cadre, "滨江县农业农村局局长助理", new DateOnly(2018, 4, 1), new DateOnly(2018, 10, 1)),
        ];
        var inputs = new List<CollaborationInput>();
        for (var year = 2017; year <= Math.Min(2020, currentYear); year++)
        {
            var v = villages[rng.Next(villages.Count)];
            inputs.Add(Input(eastPairing, v, InputKind.Funds, new DateOnly(year, 4, 10), 2_000_000m + rng.Next(0, 20) * 100_000m, 1, 40 + rng.Next(40), InputState.Confirmed));
            inputs.Add(Input(eastPairing, villages[rng.Next(villages.Count)], InputKind.Labour, new DateOnly(year, 6, 20), 0m, 20 + rng.Next(30), 20 + rng.Next(20), InputState.Confirmed));
            inputs.Add(Input(eastPairing, county, InputKind.Purchases, new DateOnly(year, 11, 5), 500_000m + rng.Next(0, 10) * 50_000m, 0, 0, InputState.Confirmed));
            inputs.Add(Input(firmPairing, village, InputKind.Industry, new DateOnly(year, 5, 18), 300_000m + rng.Next(0, 10) * 20_000m, 1, 10 + rng.Next(15), InputState.Confirmed));
        }
        // The current year: work still to do, and a rejection with its reason.
        var now = currentYear;
        inputs.Add(Input(eastPairing, villages[^1], InputKind.Funds, new DateOnly(now, 3, 12), 1_500_000m, 1, 30, InputState.Checked));
        inputs.Add(Input(firmPairing, village, InputKind.Purchases, new DateOnly(now, 4, 2), 80_000m, 0, 12, InputState.Entered));
        var rejected = Input(firmPairing, village, InputKind.DonationInKind, new DateOnly(now, 2, 20), 20_000m, 200, 25, InputState.RejectedOnCheck);
        rejected.RejectedBy = "workteam";
        rejected.RejectedReason = "现场核实：捐赠物资尚未到村";
        inputs.Add(rejected);
        return new([east, firm], [eastPairing, firmPairing], people, inputs);
    }

    private static SecondedCadre Person(Pairing pairing, string name, SecondmentDirection direction, SecondeeKind kind, string post, DateOnly from, DateOnly? to) => new()
    {
        Pairing = pairing, RegionCode = pairing.RegionCode, RegionPrefix = pairing.RegionPrefix, CountyCode = pairing.CountyCode, Name = name, Direction = direction,
        Kind = kind, Post = post, From = from, To = to, RecordedBy = "demo",
    };

    private static CollaborationInput Input(Pairing pairing, string region, InputKind kind, DateOnly on, decimal yuan, int count, int households, InputState state)
    {
        var people = households * 3 + households / 2;
        return new CollaborationInput
        {
            Pairing = pairing, RegionCode = region, CountyCode = region[..6], Kind = kind, Year = on.Year, On = on, Amount = new Money(yuan), Count = count,
            Source = kind is InputKind.Funds or InputKind.DonationMoney ? (pairing.Type == PairingType.EastWest ? FundSource.EastWest : FundSource.Society) : null,
            Description = kind switch
            {
                InputKind.Funds => "东西部扶贫协作财政援助资金",
                InputKind.Labour => "组织劳动力赴东部务工",
                InputKind.Purchases => "采购农特产品",
                InputKind.Industry => "引进企业建设茶叶加工车间",
                _ => "",
            },
            HouseholdsReached = households, PeopleReached = people, State = state, EnteredBy = "demo",
            CheckedBy = state is InputState.Checked or InputState.Confirmed ? "workteam" : "",
            ConfirmedBy = state == InputState.Confirmed ? "county" : "",
        };
    }
}
