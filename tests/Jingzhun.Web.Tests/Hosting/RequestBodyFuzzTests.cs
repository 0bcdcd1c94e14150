using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Jingzhun.Web.Tests.Access;
using Jingzhun.Web.Tests.Registry;

namespace Jingzhun.Web.Tests.Hosting;

/// <summary>A host for the generated requests: a small demo county on a database of its own, started on first use (PostgreSQL skips without a server).</summary>
public abstract class FuzzHost(Engine engine) : IDisposable
{
    private ApiHost? _host;

    public ApiHost Host
    {
        get
        {
            if (_host is not null) return _host;
            // Every malformed body is logged by the framework with its stack trace; thousands of them only slow the run.
            _host = new ApiHost(engine, households: 150, new()
            {
                ["Logging:LogLevel:Microsoft.AspNetCore.Diagnostics"] = "None",
                ["Logging:LogLevel:Microsoft.AspNetCore.Http"] = "None",
            });
            _ = _host.Services;
            return _host;
        }
    }

    public void Dispose()
    {
        _host?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteFuzzHost() : FuzzHost(Engine.Sqlite);

public sealed class PostgresFuzzHost() : FuzzHost(Engine.Postgres);

/// <summary>
/// How many generated requests a run makes: a share of the long run's in the default test run (every run draws new cases,
/// so the runs add up), the long run's with <c>JINGZHUN_SCALE=1</c> (as the acceptance-size imports).
/// </summary>
internal static class FuzzCases
{
    public static int Of(int longRun) => Environment.GetEnvironmentVariable("JINGZHUN_SCALE") == "1" ? longRun : longRun / 3;
}

public sealed class RequestBodyFuzzOnSqlite(SqliteFuzzHost host) : RequestBodyFuzzTests(host, cases: FuzzCases.Of(3_000)), IClassFixture<SqliteFuzzHost>;

/// <summary>Fewer cases on PostgreSQL: what differs there is the database's own refusals (NUL, lengths), which the save checks first.</summary>
public sealed class RequestBodyFuzzOnPostgres(PostgresFuzzHost host) : RequestBodyFuzzTests(host, cases: FuzzCases.Of(1_200)), IClassFixture<PostgresFuzzHost>;

/// <summary>
/// Generated requests against every write route of the real host: each starts from the route's valid body and
/// breaks it (a field null, missing, of the wrong JSON type, huge, with NUL or control characters, an
/// enumeration number outside its set, 1.234 yuan, NaN, deep garbage, random JSON). No answer may be a 500,
/// every refusal is problem+json, and afterwards every stored row the API writes passes the registry's rules
/// and fits its columns.
/// </summary>
public abstract class RequestBodyFuzzTests(FuzzHost fixture, int cases)
{
    private ApiHost Host => fixture.Host;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_body_sent_to_a_write_route_answers_500_or_stores_a_value_the_model_cannot_hold()
    {
        var started = Host.Clock.GetUtcNow().UtcDateTime.AddSeconds(-1);
        var routes = await WriteRoutes.ArrangeAsync(Host, Ct);
        var mapped = WriteRoutes.Mapped(Host);
        Assert.Empty(mapped.Except(routes.Samples.Select(s => s.Route))); // a new write route needs a sample here
        var samples = routes.Samples.Where(s => mapped.Contains(s.Route)).ToList();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var user in samples.Select(s => s.User).Distinct()) clients[user] = await Host.SignInAsync(user);

        // Each sample as it is must be accepted: otherwise the mutations below would test nothing past the first refusal.
        foreach (var sample in samples)
        {
            var body = await sample.Body();
            var response = await clients[sample.User].SendAsync(Request(sample, body?.ToJsonString(WriteRoutes.Json), english: false), Ct);
            Assert.True(response.IsSuccessStatusCode || (sample.Decided && response.StatusCode == HttpStatusCode.Conflict), $"{sample.Route}: the sample body answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var gen = Gen.Select(Gen.Int[0, samples.Count - 1], Mutation.Gen, Gen.Bool);
        await gen.SampleAsync(async (route, mutation, english) =>
        {
            var sample = samples[route];
            var json = mutation.Apply(await sample.Body());
            var response = await clients[sample.User].SendAsync(Request(sample, json, english), Ct);
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType;
            var answer = await response.Content.ReadAsStringAsync(Ct);
            lock (statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                // A proposal the rules turn down is answered 409 with the decision itself, not a problem.
                var decision = sample.Decided && status == 409 && type == "application/json";
                // A 422 is a refusal of fields: it names at least one, in its errors or (the save's refusal) in its title "Field: why".
                var unnamed = status == 422 && !answer.Contains("\"errors\":{\"", StringComparison.Ordinal)
                    && !answer.Contains("：", StringComparison.Ordinal) && !answer.Contains(": ", StringComparison.Ordinal);
                if (status >= 500 || (status >= 400 && type != "application/problem+json" && !decision) || unnamed)
                    failures.Add($"{sample.Route} {mutation} → {status} {type}: {Shorten(json)} ⇒ {Shorten(answer)}");
            }
        }, iter: cases, threads: 1);

        TestContext.Current.TestOutputHelper?.WriteLine("answers: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} failed:\n{string.Join("\n", failures.Distinct().Take(40))}");
        await StoredRowsAreSoundAsync(started);
    }

    /// <summary>Every row of the tables the API writes fits its columns, and every household the run touched passes the registry's rules.</summary>
    private async Task StoredRowsAreSoundAsync(DateTime since)
    {
        await using var db = Host.OpenDatabase();
        var problems = new List<string>();
        problems.AddRange(Columns(db, await db.Households.AsNoTracking().ToListAsync(Ct)));
        problems.AddRange(Columns(db, await db.Members.AsNoTracking().ToListAsync(Ct)));
        problems.AddRange(Columns(db, await db.Incomes.AsNoTracking().ToListAsync(Ct)));
        problems.AddRange(Columns(db, await db.StatusChanges.AsNoTracking().ToListAsync(Ct)));
        problems.AddRange(Columns(db, await db.Cases.AsNoTracking().ToListAsync(Ct)));
        problems.AddRange(Columns(db, await db.CaseSteps.AsNoTracking().ToListAsync(Ct)));
        problems.AddRange(Columns(db, await db.Notices.AsNoTracking().ToListAsync(Ct)));
        problems.AddRange(Columns(db, await db.Objections.AsNoTracking().ToListAsync(Ct)));
        problems.AddRange(Columns(db, await db.RuleSets.AsNoTracking().ToListAsync(Ct)));
        problems.AddRange(Columns(db, await db.Accounts.AsNoTracking().ToListAsync(Ct)));
        problems.AddRange(Columns(db, await db.ExitPlans.AsNoTracking().ToListAsync(Ct)));
        var touched = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.Incomes)
            .Where(h => h.UpdatedAt >= since).ToListAsync(Ct);
        Assert.NotEmpty(touched);
        foreach (var h in touched)
        {
            problems.AddRange(RegistryValidation.Household(h).Select(e => $"household {h.Id}: {e}"));
            foreach (var m in h.Members) problems.AddRange(RegistryValidation.Member(m).Select(e => $"member {m.Id}: {e}"));
            foreach (var i in h.Incomes) problems.AddRange(RegistryValidation.Income(i).Select(e => $"income {i.Id}: {e}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
    }

    /// <summary>Text within its column and without control characters (free text keeps line breaks), enumeration values in their set, finite numbers.</summary>
    public static IEnumerable<string> Columns<T>(JingzhunDbContext db, IEnumerable<T> rows) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T))!;
        var properties = entity.GetProperties().Where(p => p.PropertyInfo is not null).ToList();
        foreach (var row in rows)
            foreach (var p in properties)
            {
                var value = p.PropertyInfo!.GetValue(row);
                var problem = value switch
                {
                    string text => TextRules.Check(p.Name, text, p.GetMaxLength(), lines: true)?.English,
                    Enum choice when !EnumValues.IsKnown(choice) => $"{choice} is not a value of {choice.GetType().Name}",
                    double number when !double.IsFinite(number) => "not finite",
                    Money money when decimal.Round(money.Yuan, 2) != money.Yuan => "finer than a fen",
                    _ => null,
                };
                if (problem is not null) yield return $"{typeof(T).Name}.{p.Name}: {problem}";
            }
    }

    private static HttpRequestMessage Request(WriteRoute sample, string? json, bool english) =>
        new(new HttpMethod(sample.Route.Split(' ')[0]), sample.Path + (english ? "?lang=en" : "")) { Content = WriteRoutes.Content(json) };

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length <= 300 ? text : text[..300] + $"…({text.Length})";
}

/// <summary>
/// One way to break a valid body: what to put (<see cref="Kind"/>) where (<see cref="Where"/>: an index into the
/// body's values, the whole body included). Raw JSON that a JSON tree cannot hold (NaN, lone surrogates, deep nesting)
/// is spliced into the written text.
/// </summary>
public sealed record Mutation(int Kind, int Where, int Variant, string Random)
{
    public const int Kinds = 18;

    public static readonly Gen<Mutation> Gen =
        CsCheck.Gen.Select(CsCheck.Gen.Int[0, Kinds - 1], CsCheck.Gen.Int[0, 10_000], CsCheck.Gen.Int[0, 1_000], RandomJson(3))
            .Select((kind, where, variant, random) => new Mutation(kind, where, variant, random));

    private const string Marker = "\"@@raw@@\"";

    /// <summary>The valid body broken; null sends no body at all.</summary>
    public string? Apply(JsonNode? body)
    {
        var places = Places(body).ToList();
        var (parent, key, current) = places[Where % places.Count];
        var raw = Replacement(current);
        if (raw is null) return parent is null && Variant % 2 == 0 ? null : Truncated(body);
        if (raw == Remove)
        {
            if (parent is JsonObject o) o.Remove((string)key!);
            else if (parent is JsonArray a) a.RemoveAt((int)key!);
            else return "{}";
            return body!.ToJsonString();
        }
        if (parent is null) return raw;
        JsonNode marker = JsonValue.Create("@@raw@@");
        if (parent is JsonObject obj) obj[(string)key!] = marker;
        else ((JsonArray)parent)[(int)key!] = marker;
        return body!.ToJsonString().Replace(Marker, raw, StringComparison.Ordinal);
    }

    private const string Remove = "\u0000remove";

    /// <summary>The raw JSON that replaces <paramref name="current"/>, <see cref="Remove"/>, or null for "no body".</summary>
    private string? Replacement(JsonNode? current) => Kind switch
    {
        0 => "null",
        1 => Remove,
        2 => current switch // the wrong JSON type
        {
            JsonObject => "[1,2]",
            JsonArray => "{\"a\":1}",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => Variant % 2 == 0 ? "12345" : "true",
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "\"yes\"",
            _ => Variant % 2 == 0 ? "\"x\"" : "{}",
        },
        3 => JsonSerializer.Serialize(new string("长a"[Variant % 2], 10_000 + Variant)),
        4 => "\"a\\u0000b\"",
        5 => $"\"a\\u{1 + Variant % 31:x4}b\"", // a control character other than NUL
        6 => (Variant % 4) switch { 0 => "999", 1 => "-1", 2 => "2147483647", _ => "\"999\"" },
        7 => (Variant % 3) switch { 0 => "1.234", 1 => "-0.001", _ => "\"1.234\"" },
        8 => (Variant % 6) switch { 0 => "\"NaN\"", 1 => "\"Infinity\"", 2 => "NaN", 3 => "1e400", 4 => "-1e400", _ => "79228162514264337593543950336000" },
        9 => Variant % 2 == 0 ? new string('[', 200 + Variant) + new string(']', 200 + Variant)
            : string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100),
        10 => Random,
        11 => "\"a\\ud800b\"", // a lone surrogate
        12 => "[" + string.Join(",", Enumerable.Repeat(current?.ToJsonString() ?? "1", 1_000 + Variant * 10)) + "]", // a huge list
        13 => (Variant % 4) switch { 0 => "9223372036854775808", 1 => "-2147483649", 2 => "1e30", _ => "0" },
        14 => "\"a\\nb\\tc\\r\"", // line breaks: free text only
        15 => Variant % 2 == 0 ? "\"\"" : "\"   \"",
        16 => (Variant % 3) switch { 0 => "\"2025-13-45\"", 1 => "\"../../etc/passwd\"", _ => "\"<script>alert(1)</script>\"" },
        _ => null, // 17: no body at all, or the body cut short
    };

    private string Truncated(JsonNode? body)
    {
        var text = body?.ToJsonString() ?? "{";
        return text[..(Variant % Math.Max(1, text.Length))];
    }

    /// <summary>Every value of the body with where it sits: (parent, key or index, value); the body itself first.</summary>
    private static IEnumerable<(JsonNode? Parent, object? Key, JsonNode? Value)> Places(JsonNode? body)
    {
        yield return (null, null, body);
        if (body is null) yield break;
        var stack = new Stack<JsonNode>([body]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is JsonObject o)
                foreach (var (key, value) in o.ToList())
                {
                    yield return (o, key, value);
                    if (value is not null) stack.Push(value);
                }
            else if (node is JsonArray a)
                for (var i = 0; i < a.Count; i++)
                {
                    yield return (a, i, a[i]);
                    if (a[i] is { } item) stack.Push(item);
                }
        }
    }

    /// <summary>Random JSON text: nulls, booleans, numbers, strings of any characters, lists and objects, a few levels deep.</summary>
    private static Gen<string> RandomJson(int depth)
    {
        var leaf = CsCheck.Gen.OneOf(
            CsCheck.Gen.Const("null"), CsCheck.Gen.Bool.Select(b => b ? "true" : "false"),
            CsCheck.Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            CsCheck.Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            CsCheck.Gen.String.Select(s => JsonSerializer.Serialize(s)),
            CsCheck.Gen.String[CsCheck.Gen.Char, 0, 30].Select(s => JsonSerializer.Serialize(s)));
        if (depth == 0) return leaf;
        var inner = RandomJson(depth - 1);
        return CsCheck.Gen.OneOf(leaf, leaf,
            inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]"),
            CsCheck.Gen.Select(CsCheck.Gen.String[CsCheck.Gen.Char.AlphaNumeric, 1, 12].Array[0, 4], inner.Array[4])
                .Select((keys, values) => "{" + string.Join(",", keys.Select((k, i) => $"\"{k}\":{values[i]}")) + "}"));
    }

    public override string ToString() => $"kind {Kind} at {Where} ({Variant})";
}
