using Jingzhun.Data.Assessment;
using Jingzhun.Data.Database;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jingzhun.Web.Assessment;

/// <summary>
/// The rates of third-party assessments (错退率, 漏评率, 群众认可度), computed from the recorded forms with their confidence
/// intervals by the sample's design. Read only: nobody types a rate. An assessed area sees its results once the visits
/// start; a project or county outside the reader's region answers 404.
/// </summary>
public static class RatesApi
{
    public static void MapRatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/assessment").WithTags("Assessment 考核评估");
        group.MapGet("/projects/{id:long}/rates", Project)
            .WithSummary("A project's rates per county and township: wrong-exit, missed, recognition, each with its standard error, confidence interval, households and villages, and the thresholds 评估结果");
        group.MapGet("/counties/{code}/rates", County)
            .WithSummary("A county's rates from its latest closed county-exit special assessment (what the nation's exit approval is judged on) 县摘帽评估结果");
    }

    private static async Task<Results<Ok<ProjectRates>, NotFound>> Project(JingzhunDbContext db, long id, CancellationToken ct) =>
        await AssessmentResults.ForProjectAsync(db, id, ct) is { } rates ? TypedResults.Ok(rates) : TypedResults.NotFound();

    private static async Task<Results<Ok<CountyRates>, NotFound>> County(JingzhunDbContext db, string code, CancellationToken ct) =>
        code.Length == 12 && code.All(char.IsAsciiDigit) && await AssessmentResults.CountyRatesAsync(db, code, ct) is { } rates
            ? TypedResults.Ok(rates) : TypedResults.NotFound();
}
