using Xunit;
using System.Net;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests;

internal static class PageTestHelpers
{
    public const string OwnVillage = "990121001001";
    public const string OtherVillage = "990121001002";

    public static async Task<long> HouseholdInAsync(this JingzhunWebFactory app, string village)
    {
        await using var db = app.OpenDb();
        return await db.Households.Where(h => h.VillageCode == village).OrderBy(h => h.Id).Select(h => h.Id)
            .FirstAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<Household?> FindAsync(this JingzhunWebFactory app, long id)
    {
        await using var db = app.OpenDb();
        return await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.Incomes)
            .FirstOrDefaultAsync(h => h.Id == id, TestContext.Current.CancellationToken);
    }

    public static async Task<int> CountInAsync(this JingzhunWebFactory app, string village)
    {
        await using var db = app.OpenDb();
        return await db.Households.CountAsync(h => h.VillageCode == village, TestContext.Current.CancellationToken);
    }

    public static async Task<Household?> FindByNumberAsync(this JingzhunWebFactory app, string number)
    {
        await using var db = app.OpenDb();
        return await db.Households.AsNoTracking().FirstOrDefaultAsync(h => h.Number == number, TestContext.Current.CancellationToken);
    }

    public static async Task<(HttpStatusCode Status, string Html)> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static async Task<HtmlForm> GetFormAsync(this HttpClient client, string url, string formId)
    {
        var (status, html) = await client.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        return HtmlForm.Parse(html, formId);
    }

    public static async Task<(HttpResponseMessage Response, string Html)> PostFormAsync(this HttpClient client, string url, HtmlForm form)
    {
        var response = await client.PostAsync(url, form.ToContent(), TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static string UniqueNumber() => "T" + Guid.NewGuid().ToString("N")[..15].ToUpperInvariant();

    public static string ValidResidentId() =>
        ResidentId.Create("990121", new DateOnly(1970, 1, 1).AddDays(Random.Shared.Next(0, 12_000)), Random.Shared.Next(0, 1000)).Value;
}
