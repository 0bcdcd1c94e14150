using Jingzhun.Data.Access;
using Jingzhun.Data.Collaboration;
using Jingzhun.Data.Database;
using Jingzhun.Data.Demo;
using Jingzhun.Data.Funds;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Assistance;
using Jingzhun.Domain.Collaboration;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Demo;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Jingzhun.Data.Tests.Collaboration;

/// <summary>
/// Issue 20's scenario on both engines: an eastern county paired with the demo county and an enterprise with a village,
/// their inputs through the two-sided confirmation (a rejected one is not counted, a confirmed one is), the yearly
/// assessment by people lifted out, and an enterprise account that sees only its own entries and nothing of the registry.
/// </summary>
public abstract class CollaborationTests(DatabaseProvider provider) : IDisposable
{
    private const string County = "990121000000";
    private const string Village = "990121001001";
    private readonly TestFolder _folder = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Now = new(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _folder.Dispose();

    private sealed class Clock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }

    private static JingzhunDbContext As(TestDatabase database, string user) =>
        JingzhunDb.Create(database.Target, AccessScope.For(DemoAccounts.All.Single(a => a.UserName == user)), new Clock(Now));

    private static JingzhunDbContext AsPartner(TestDatabase database, long partnerId) =>
        JingzhunDb.Create(database.Target, AccessScope.For(new Account
        {
            Id = 900 + (int)partnerId, UserName = "partner" + partnerId, DisplayName = "企业", Role = Role.Partner, RegionCode = County, PartnerId = partnerId,
        }), new Clock(Now));

    private sealed record World(TestDatabase Database, long EastId, long FirmId, long EastPairing, long FirmPairing, int Year);

    private async Task<World> WorldAsync(string name)
    {
        var database = await (await TestDatabase.CreateAsync(provider, _folder, name)).WithRegionsAsync();
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
            await DemoSeeder.AddHouseholdsAsync(sys, new DemoGenerator(new DemoOptions(40, 3)).Households(), "test", cancellationToken: Ct);
        int year;
        await using (var sys = JingzhunDb.Create(database.Target, AccessScope.System("test")))
        {
            // The year of the village's most exits, so the assessment has people lifted out to count.
            var years = await sys.StatusChanges.Where(s => s.To == HouseholdStatus.Exited && s.Household!.VillageCode == Village).Select(s => s.Year).ToListAsync(Ct);
            year = years.Count == 0 ? 2019 : years.GroupBy(y => y).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
        }
        await using var county = As(database, "county");
        var east = await CollaborationWork.AddPartnerAsync(county, new PartnerForm("江苏省昆山市", PartnerKind.EasternRegion, "江苏省苏州市昆山市"), Now, Ct);
        var firm = await CollaborationWork.AddPartnerAsync(county, new PartnerForm("示例农业发展有限公司", PartnerKind.Enterprise, "示例省", CreditCode: "91520000MA6DEMO01X"), Now, Ct);
        var eastPairing = await CollaborationWork.PairAsync(county, new PairingForm(east.Id, County, PairingType.EastWest, new DateOnly(2016, 12, 1), "携手奔小康协议"), Now, Ct);
        var firmPairing = await CollaborationWork.PairAsync(county, new PairingForm(firm.Id, Village, PairingType.FirmsHelpVillages, new DateOnly(2016, 1, 1)), Now, Ct);
        return new World(database, east.Id, firm.Id, eastPairing.Id, firmPairing.Id, year);
    }

    [Fact]
    public async Task A_rejected_entry_is_not_counted_and_a_confirmed_one_is()
    {
        var w = await WorldAsync("confirm");
        await using var database = w.Database;
        var on = new DateOnly(w.Year, 5, 10);
        long kept, dropped, eastInput;
        // The demo's own collaboration may be in the database: counts are taken against it.
        AreaCollaboration baseline;
        await using (var county = As(database, "county")) baseline = await CollaborationFigures.ForAreaAsync(county, County, Ct);
        await using (var firm = AsPartner(database, w.FirmId))
        {
            kept = (await CollaborationWork.EnterInputAsync(firm, new InputForm(w.FirmPairing, Village, InputKind.Purchases, on, new Money(120_000m), 0, 12, 40, "采购茶叶"), Now, Ct)).Id;
            dropped = (await CollaborationWork.EnterInputAsync(firm, new InputForm(w.FirmPairing, Village, InputKind.DonationMoney, on, new Money(50_000m), 0, 5, 15), Now, Ct)).Id;
            // The enterprise takes no step of its own inputs beyond entering them.
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => CollaborationWork.CheckAsync(firm, kept, Now, Ct));
        }
        await using (var county = As(database, "county"))
            eastInput = (await CollaborationWork.EnterInputAsync(county, new InputForm(w.EastPairing, Village, InputKind.Funds, on, new Money(1_000_000m), 1, 30, 100), Now, Ct)).Id;

        await using (var team = As(database, "workteam"))
        {
            await Assert.ThrowsAsync<FundInputException>(() => CollaborationWork.RejectAsync(team, dropped, " ", Now, Ct));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => CollaborationWork.ConfirmAsync(team, kept, null, null, Now, Ct));
            await CollaborationWork.RejectAsync(team, dropped, "现场核实未见捐款到村", Now, Ct);
            await CollaborationWork.CheckAsync(team, kept, Now, Ct);
            await CollaborationWork.CheckAsync(team, eastInput, Now, Ct);
        }
        await using (var county = As(database, "county"))
        {
            // The county confirms the people it found reached: fewer than entered.
            var confirmed = await CollaborationWork.ConfirmAsync(county, kept, 10, 35, Now, Ct);
            Assert.Equal(InputState.Confirmed, confirmed!.State);
            Assert.Equal(35, confirmed.PeopleReached);
            await Assert.ThrowsAsync<WorkflowBlockedException>(() => CollaborationWork.ConfirmAsync(county, dropped, null, null, Now, Ct));

            var figures = await CollaborationFigures.ForAreaAsync(county, County, Ct);
            var firmFigures = figures.Figures.Where(f => f.PairingId == w.FirmPairing).ToList();
            var only = Assert.Single(firmFigures);
            Assert.Equal((InputKind.Purchases, w.Year, 120_000m, 35), (only.Kind, only.Year, only.Amount.Yuan, only.People));
            // The east's input is checked but not confirmed: listed, not counted.
            Assert.DoesNotContain(figures.Figures, f => f.PairingId == w.EastPairing);
            Assert.Equal(baseline.PendingEntries + 1, figures.PendingEntries);
            Assert.Equal(baseline.RejectedEntries + 1, figures.RejectedEntries);
            var pending = await CollaborationFigures.InputsAsync(county, states: [InputState.Entered, InputState.Checked], ct: Ct);
            Assert.Equal([eastInput], pending.Where(p => p.Input.PairingId == w.EastPairing || p.Input.PairingId == w.FirmPairing).Select(p => p.Input.Id));

            // The assessment counts the registered households of the village reached that exited in the year.
            var assessment = await CollaborationFigures.AssessAsync(county, w.Year, County, Ct);
            var firmRow = assessment.Single(a => a.Pairing.Pairing.Id == w.FirmPairing);
            var expected = await county.StatusChanges.Where(s => s.Year == w.Year && s.To == HouseholdStatus.Exited && s.Household!.VillageCode == Village)
                .Select(s => s.HouseholdId).Distinct().CountAsync(Ct);
            Assert.Equal(expected, firmRow.ExitedHouseholds);
            Assert.True(firmRow.ExitedPeople >= firmRow.ExitedHouseholds);
            Assert.Equal(120_000m, firmRow.Amount.Yuan);
            var eastRow = assessment.Single(a => a.Pairing.Pairing.Id == w.EastPairing);
            Assert.Equal((0, 0, 1), (eastRow.ExitedHouseholds, eastRow.ConfirmedEntries, eastRow.PendingEntries));
        }

        // Every step is in the audit log.
        await using var sys = JingzhunDb.Create(database.Target, AccessScope.System("test"));
        Assert.True(await sys.AuditEntries.CountAsync(a => a.EntityType == nameof(CollaborationInput), Ct) >= 6);
    }

    [Fact]
    public async Task An_enterprise_account_sees_only_its_own_entries_and_nothing_of_the_registry()
    {
        var w = await WorldAsync("partner");
        await using var database = w.Database;
        var on = new DateOnly(w.Year, 3, 1);
        await using (var county = As(database, "county"))
            await CollaborationWork.EnterInputAsync(county, new InputForm(w.EastPairing, Village, InputKind.Talent, on, Money.Zero, 3, 0, 0, "支教教师"), Now, Ct);
        await using (var firm = AsPartner(database, w.FirmId))
        {
            await CollaborationWork.EnterInputAsync(firm, new InputForm(w.FirmPairing, Village, InputKind.Industry, on, new Money(300_000m), 1, 8, 20), Now, Ct);
            // Not its pairing: it does not exist for the enterprise.
            await Assert.ThrowsAsync<FundInputException>(() =>
                CollaborationWork.EnterInputAsync(firm, new InputForm(w.EastPairing, Village, InputKind.Funds, on, new Money(1m), 0, 0, 0), Now, Ct));
            // Nor can it pair itself or register partners.
            await Assert.ThrowsAsync<WorkflowRefusedException>(() =>
                CollaborationWork.PairAsync(firm, new PairingForm(w.FirmId, "990121001002", PairingType.FirmsHelpVillages, on), Now, Ct));

            Assert.Equal([w.FirmPairing], (await CollaborationFigures.PairingsAsync(firm, ct: Ct)).Select(p => p.Pairing.Id));
            var inputs = await CollaborationFigures.InputsAsync(firm, ct: Ct);
            Assert.All(inputs, i => Assert.Equal(w.FirmId, i.Input.PartnerId));
            Assert.Single(inputs);
            Assert.Equal([w.FirmId], await firm.Partners.Select(p => p.Id).ToListAsync(Ct));
            Assert.Equal(0, await firm.Households.CountAsync(Ct));
            Assert.Equal(0, await firm.Members.CountAsync(Ct));
            Assert.Equal(0, await firm.StatusChanges.CountAsync(Ct));
            Assert.Equal(0, await firm.AuditEntries.CountAsync(Ct));
            var assessment = await CollaborationFigures.AssessAsync(firm, w.Year, ct: Ct);
            Assert.Equal(0, Assert.Single(assessment).ExitedHouseholds);
        }
        // Another enterprise sees none of it.
        await using (var other = AsPartner(database, w.EastId + w.FirmId + 100))
        {
            Assert.Empty(await CollaborationFigures.InputsAsync(other, ct: Ct));
            Assert.Empty(await CollaborationFigures.PairingsAsync(other, ct: Ct));
        }
        // The county sees both.
        await using (var county = As(database, "county"))
            Assert.Equal(2, (await CollaborationFigures.InputsAsync(county, ct: Ct)).Count(i => i.Input.PairingId == w.EastPairing || i.Input.PairingId == w.FirmPairing));
    }

    [Fact]
    public async Task A_pairing_ends_with_a_reason_and_keeps_its_people_and_history()
    {
        var w = await WorldAsync("end");
        await using var database = w.Database;
        await using (var county = As(database, "county"))
        {
            await CollaborationWork.AddSecondeeAsync(county, new SecondeeForm(w.EastPairing, "张明", SecondmentDirection.ToHelped, SecondeeKind.Cadre, "挂职副县长", new DateOnly(2018, 3, 1)), Now, Ct);
            await CollaborationWork.AddSecondeeAsync(county, new SecondeeForm(w.EastPairing, "李华", SecondmentDirection.ToPartner, SecondeeKind.Cadre, "挂职局长助理", new DateOnly(2019, 3, 1), new DateOnly(2020, 3, 1)), Now, Ct);
            await Assert.ThrowsAsync<FundInputException>(() => CollaborationWork.EndPairingAsync(county, w.EastPairing, new DateOnly(2021, 12, 31), "", Now, Ct));
            await CollaborationWork.EndPairingAsync(county, w.EastPairing, new DateOnly(2021, 12, 31), "结对关系调整", Now, Ct);
            await Assert.ThrowsAsync<FundInputException>(() =>
                CollaborationWork.EnterInputAsync(county, new InputForm(w.EastPairing, Village, InputKind.Funds, new DateOnly(2022, 5, 1), new Money(10m), 0, 0, 0), Now, Ct));
        }
        await using (var village = As(database, "village"))
        {
            // The village reads its county's pairing and people, and may not pair.
            Assert.Equal(2, await village.SecondedCadres.CountAsync(c => c.PairingId == w.EastPairing, Ct));
            Assert.Contains(await CollaborationFigures.PairingsAsync(village, ct: Ct), p => p.Pairing.Id == w.EastPairing && p.Pairing.EndsOn == new DateOnly(2021, 12, 31));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() =>
                CollaborationWork.PairAsync(village, new PairingForm(w.EastId, Village, PairingType.EastWest, new DateOnly(2020, 1, 1)), Now, Ct));
        }
        await using (var other = As(database, "village2"))
            Assert.DoesNotContain(await CollaborationFigures.InputsAsync(other, ct: Ct), i => i.Input.RegionCode == Village);
    }
}

public sealed class CollaborationOnSqlite() : CollaborationTests(DatabaseProvider.Sqlite);

public sealed class CollaborationOnPostgres() : CollaborationTests(DatabaseProvider.Postgres);
