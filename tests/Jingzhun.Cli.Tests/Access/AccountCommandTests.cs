using Jingzhun.Data.Access;
using Jingzhun.Data.Database;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Cli.Tests.Access;

/// <summary>
/// <c>jingzhun accounts …</c> in-process, with standard input replaced: the first administrator of an empty
/// registry, accounts created by an officer under its scope with one-time passwords, imports that write all
/// or nothing, and one's own password change. On SQLite, and on PostgreSQL where <c>JINGZHUN_TEST_PG</c> names a server.
/// </summary>
[Collection("console")] // standard input and the console are process-wide
public sealed class AccountCommandTests : IAsyncDisposable
{
    private readonly CliSession _cli = new("accounts");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string PathOf(string name) => _cli.PathOf(name);

    private Task<string> DatabaseAsync(string engine) => _cli.DatabaseAsync(engine);

    private Task<int> RunAsync(string stdin, params string[] args) => _cli.RunAsync(stdin, args);

    private string Output => _cli.Output;

    private static JingzhunDbContext Open(string db) => JingzhunDb.Create(DatabaseTarget.Parse(db), AccessScope.System("test"));

    private static async Task<Account?> FindAsync(string db, string user)
    {
        await using var context = Open(db);
        return await context.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserName == user, Ct);
    }

    /// <summary>A migrated database with the demo county's regions and demo accounts (password demo2025) and no household.</summary>
    private async Task<string> CountyAsync(string engine)
    {
        var db = await DatabaseAsync(engine);
        Assert.Equal(0, await RunAsync("", "demo", "--households", "0", "--db", db));
        return db;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Create_admin_on_a_freshly_migrated_empty_database_makes_an_audited_administrator_who_can_act(string engine)
    {
        var db = await DatabaseAsync(engine);
        Assert.Equal(0, await RunAsync("", "db", "migrate", "--db", db));

        Assert.Equal(0, await RunAsync("Guizhou2026safe\n", "accounts", "create-admin", "--user", "root", "--password-stdin", "--db", db));
        Assert.Contains("root", Output);

        var admin = await FindAsync(db, "root");
        Assert.NotNull(admin);
        Assert.Equal(Role.SystemAdministrator, admin.Role);
        Assert.Equal("000000000000", admin.RegionCode);
        Assert.False(admin.MustChangePassword); // the operator chose it
        Assert.Equal("cli", admin.CreatedBy);
        Assert.True(Passwords.Verify(admin, "Guizhou2026safe"));
        await using (var context = Open(db))
            Assert.True(await context.AuditEntries.AnyAsync(a => a.EntityType == "Account" && a.EntityId == "root" && a.Action == AuditAction.Create && a.Actor == "cli", Ct));

        // The new administrator acts at once: it creates another administrator, who must change the one-time password.
        Assert.Equal(0, await RunAsync("Guizhou2026safe\n", "accounts", "create", "--as", "root", "--password-stdin",
            "--user", "second", "--role", "admin", "--region", "000000000000", "--db", db));
        var second = await FindAsync(db, "second");
        Assert.True(second!.MustChangePassword);
        Assert.Equal("root", second.CreatedBy);
        Assert.Equal(0, await RunAsync("Guizhou2026safe\n", "accounts", "list", "--as", "root", "--password-stdin", "--db", db));
        Assert.Contains("second", Output);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("short1\n", "至少10位")]
    [InlineData("onlyletterspassword\n", "字母和数字")]
    [InlineData("root2026abcdef\n", "用户名")]
    public async Task Create_admin_refuses_an_empty_or_weak_password_and_writes_nothing(string stdin, string message)
    {
        var db = await DatabaseAsync("sqlite");
        Assert.Equal(0, await RunAsync("", "db", "migrate", "--db", db));

        Assert.Equal(2, await RunAsync(stdin, "accounts", "create-admin", "--user", "root", "--password-stdin", "--db", db));

        Assert.Contains(message, Output);
        Assert.Null(await FindAsync(db, "root"));
    }

    [Fact]
    public async Task Create_admin_refuses_a_taken_user_name_and_an_unmigrated_database()
    {
        var db = await DatabaseAsync("sqlite");
        Assert.Equal(1, await RunAsync("Guizhou2026safe\n", "accounts", "create-admin", "--user", "root", "--password-stdin", "--db", db));
        Assert.Contains("db migrate", Output);

        Assert.Equal(0, await RunAsync("", "db", "migrate", "--db", db));
        Assert.Equal(0, await RunAsync("Guizhou2026safe\n", "accounts", "create-admin", "--user", "root", "--password-stdin", "--db", db));
        Assert.Equal(2, await RunAsync("Guizhou2026else\n", "accounts", "create-admin", "--user", "root", "--password-stdin", "--db", db));
        Assert.Contains("已存在", Output);
        Assert.True(Passwords.Verify((await FindAsync(db, "root"))!, "Guizhou2026safe"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_county_officer_creates_a_township_officer_with_a_one_time_password_and_nothing_above_it(string engine)
    {
        var db = await CountyAsync(engine);

        Assert.Equal(0, await RunAsync("demo2025\n", "accounts", "create", "--as", "county", "--password-stdin",
            "--user", "qingshan2", "--role", "乡镇扶贫干部", "--region", "990121001000", "--display-name", "青山镇二", "--phone", "0851-86812345", "--db", db));

        var account = await FindAsync(db, "qingshan2");
        Assert.NotNull(account);
        Assert.Equal(Role.TownshipOfficer, account.Role);
        Assert.Equal("0851-86812345", account.Phone);
        Assert.True(account.MustChangePassword);
        Assert.Equal("county", account.CreatedBy);
        var password = System.Text.RegularExpressions.Regex.Match(Output, @"one-time password[^:]*: (\S+)").Groups[1].Value;
        Assert.True(Passwords.Verify(account, password), Output);

        // The one-time password does not let the account act from the command line until it chose its own.
        Assert.Equal(1, await RunAsync(password + "\n", "accounts", "list", "--as", "qingshan2", "--password-stdin", "--db", db));
        Assert.Contains("accounts password", Output);
        Assert.Equal(2, await RunAsync($"{password}\nshort\n", "accounts", "password", "--user", "qingshan2", "--password-stdin", "--db", db));
        Assert.Equal(0, await RunAsync($"{password}\nGaofeng2026own\n", "accounts", "password", "--user", "qingshan2", "--password-stdin", "--db", db));
        Assert.False((await FindAsync(db, "qingshan2"))!.MustChangePassword);
        Assert.Equal(0, await RunAsync("Gaofeng2026own\n", "accounts", "list", "--as", "qingshan2", "--password-stdin", "--db", db));

        // Above the officer, outside its county, at the wrong level, unknown roles and regions: refused, nothing written.
        string[][] refused =
        [
            ["--user", "prov2", "--role", "province", "--region", "990000000000"],
            ["--user", "other", "--role", "CountyOfficer", "--region", "990122000000"],
            ["--user", "clerk2", "--role", "village", "--region", "990121001000"],
            ["--user", "nobody", "--role", "king", "--region", "990121001000"],
            ["--user", "ghost", "--role", "township", "--region", "990121099000"],
            ["--user", "phone", "--role", "township", "--region", "990121001000", "--phone", "12345"],
        ];
        foreach (var args in refused)
        {
            Assert.Equal(2, await RunAsync("demo2025\n", ["accounts", "create", "--as", "county", "--password-stdin", .. args, "--db", db]));
            Assert.Null(await FindAsync(db, args[1]));
        }
        Assert.Equal(1, await RunAsync("wrong-password\n", "accounts", "create", "--as", "county", "--password-stdin",
            "--user", "sneaky", "--role", "township", "--region", "990121001000", "--db", db));
        Assert.Equal(1, await RunAsync("", "accounts", "create", "--user", "anon", "--role", "township", "--region", "990121001000", "--db", db));
        Assert.Null(await FindAsync(db, "sneaky"));
        Assert.Null(await FindAsync(db, "anon"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_import_with_bad_rows_writes_nothing_and_a_good_one_creates_accounts_that_must_change_their_password(string engine)
    {
        var db = await CountyAsync(engine);
        await using (var context = Open(db))
        {
            var accounts = await context.Accounts.CountAsync(Ct);
            Assert.True(accounts > 0);
        }
        var bad = PathOf("bad.xlsx");
        MiniExcel.SaveAs(bad, new[]
        {
            Row("gaofeng1", "高峰村信息员一", "村级信息员", "990121001001", "13800000001"),  // good
            Row("gaofeng2", "高峰村信息员二", "village", "990121001001", "1380000"),        // phone
            Row("gaofeng1", "重复", "cadre", "990121001001", ""),                          // duplicate in the file
            Row("county", "已有", "cadre", "990121001001", ""),                            // taken in the database
            Row("pv", "省里", "province", "990000000000", ""),                              // above the county officer
            Row("wrongrole", "某人", "emperor", "990121001001", ""),                        // unknown role
            Row("nowhere", "某人", "village", "990121001999", ""),                          // no such region
            Row("leveled", "某人", "township", "990121001001", ""),                         // township role at a village
        });

        Assert.Equal(2, await RunAsync("demo2025\n", "accounts", "import", bad, "--as", "county", "--password-stdin", "--db", db));

        Assert.Null(await FindAsync(db, "gaofeng1"));
        Assert.False(File.Exists(PathOf("bad.passwords.csv")));
        var errors = await File.ReadAllLinesAsync(bad + ".errors.csv", Ct);
        Assert.Contains(errors, l => l.Contains(",3,电话,", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains(",4,用户名,", StringComparison.Ordinal) && l.Contains("第2行", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains(",5,用户名,", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains(",6,角色,", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains(",7,角色,", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains(",8,区划代码,", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains(",9,区划代码,", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, l => l.Contains(",2,", StringComparison.Ordinal));

        var good = PathOf("good.csv");
        await File.WriteAllTextAsync(good, "用户名,姓名,角色,区划代码,电话\n" +
                                           "gaofeng1,高峰村信息员一,村级信息员,990121001001,13800000001\n" +
                                           "tangwan-team,塘湾村工作队,WorkTeamMember,990121001002,0851-8681234\n" +
                                           "qingshan-audit,青山镇审计,auditor,990121001000,\n", new System.Text.UTF8Encoding(true), Ct);
        var output = PathOf("out/handed-out.csv");

        Assert.Equal(0, await RunAsync("demo2025\n", "accounts", "import", good, "--as", "county", "--password-stdin", "--output", output, "--db", db));

        var lines = await File.ReadAllLinesAsync(output, Ct);
        Assert.Equal(4, lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var account = await FindAsync(db, cells[0]);
            Assert.NotNull(account);
            Assert.True(account.MustChangePassword);
            Assert.Equal("county", account.CreatedBy);
            Assert.True(Passwords.Verify(account, cells[^1]));
        }
        Assert.Equal(Role.WorkTeamMember, (await FindAsync(db, "tangwan-team"))!.Role);
        await using (var context = Open(db))
            Assert.Equal(3, await context.AuditEntries.CountAsync(a => a.EntityType == "Account" && a.Action == AuditAction.Create && a.Actor == "county", Ct));

        // Running it again: the output exists, so it is not overwritten; into another file every name is now taken.
        Assert.Equal(1, await RunAsync("demo2025\n", "accounts", "import", good, "--as", "county", "--password-stdin", "--output", output, "--db", db));
        Assert.Equal(2, await RunAsync("demo2025\n", "accounts", "import", good, "--as", "county", "--password-stdin", "--db", db));
        Assert.False(File.Exists(PathOf("good.passwords.csv")));
    }

    private static Dictionary<string, object> Row(string user, string name, string role, string region, string phone) => new()
    {
        ["用户名"] = user, ["姓名"] = name, ["角色"] = role, ["区划代码"] = region, ["电话"] = phone,
    };

    public ValueTask DisposeAsync() => _cli.DisposeAsync();
}
