using System.Text;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Data.Access;

/// <summary>An account written by an import, with the one-time password the person signs in with first (shown once).</summary>
public sealed record ImportedAccount(string UserName, string DisplayName, Role Role, string RegionCode, string OneTimePassword);

public sealed class AccountImportReport
{
    public List<ImportError> Errors { get; } = [];
    public List<ImportedAccount> Created { get; } = [];
    /// <summary>True when the file had errors (or the actor may not create accounts) and nothing was written.</summary>
    public bool Rejected => Errors.Count > 0;
}

/// <summary>
/// Accounts from a workbook or CSV file (columns 用户名, 姓名, 角色, 区划代码, 电话), created by the actor of the
/// context under its own scope. Every row is checked first (role, region in the registry, in the actor's region
/// and right for the role, user name unique in the file and the database, phone); nothing is written unless every
/// row is good. Each account gets a one-time password and must choose its own at the first sign-in.
/// </summary>
public static class AccountImporter
{
    public const string UserNameColumn = "用户名";
    public const string DisplayNameColumn = "姓名";
    public const string RoleColumn = "角色";
    public const string RegionColumn = "区划代码";
    public const string PhoneColumn = "电话";

    /// <summary>The columns, in order, of an account file (电话 may be left out).</summary>
    public static IReadOnlyList<string> Columns { get; } = [UserNameColumn, DisplayNameColumn, RoleColumn, RegionColumn, PhoneColumn];

    /// <summary>The file path for the one-time passwords of an imported file: <c>x.xlsx</c> → <c>x.passwords.csv</c>.</summary>
    public static string PasswordsPathFor(string importedPath) => Path.ChangeExtension(importedPath, ".passwords.csv");

    public static async Task<AccountImportReport> ImportAsync(JingzhunDbContext db, string path, DateTime now, CancellationToken ct = default)
    {
        var report = new AccountImportReport();
        var scope = db.Scope;
        var fileName = Path.GetFileName(path);
        if (!scope.CanAdministerAccounts)
        {
            report.Errors.Add(new(fileName, 0, "", "当前账号无权管理账号", "Your account may not manage accounts"));
            return report;
        }
        if (ExchangeFiles.FormatOf(path) is not { } format)
        {
            report.Errors.Add(new(fileName, 0, "", "只能导入 .xlsx 或 .csv 文件", "Only .xlsx and .csv files can be imported"));
            return report;
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"文件不存在 / no such file: {path}", path);

        var sheet = format == ExchangeFormat.Xlsx ? MiniExcel.GetSheetNames(path).FirstOrDefault() ?? "" : fileName;
        var table = format == ExchangeFormat.Xlsx ? sheet : fileName;
        var rows = TableReader.Rows(path, format, sheet).ToList();
        if (rows.Count == 0)
        {
            report.Errors.Add(new(table, 0, "", "文件中没有账号", "The file holds no accounts"));
            return report;
        }
        var missing = Columns.Take(4).Where(c => !rows[0].Cells.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            report.Errors.Add(new(table, 1, string.Join(", ", missing), $"缺少列：{string.Join("、", missing)}（应有列：{string.Join("、", Columns)}）",
                $"Missing columns: {string.Join(", ", missing)} (the columns are {string.Join(", ", Columns)})"));
            return report;
        }

        string Cell(SheetRow row, string column) => (row.Cells.GetValueOrDefault(column) ?? "").Trim();
        void Error(SheetRow row, string column, FieldError e) => report.Errors.Add(new(table, row.Number, column, e.Text));

        var names = rows.Select(r => Cell(r, UserNameColumn)).Where(n => n.Length > 0).Distinct().ToList();
        var taken = (await db.Accounts.AsNoTracking().Where(a => names.Contains(a.UserName)).Select(a => a.UserName).ToListAsync(ct)).ToHashSet();
        var codes = rows.Select(r => Cell(r, RegionColumn)).Where(c => c.Length > 0).Distinct().ToList();
        var regions = (await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code) && r.ValidTo == null).Select(r => r.Code).ToListAsync(ct)).ToHashSet();
        regions.Add(RegionCode.Nation.Value);
        var creatable = AccountPolicy.CreatableRoles(scope);

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var accounts = new List<Account>();
        foreach (var row in rows)
        {
            var errorsBefore = report.Errors.Count;
            var userName = Cell(row, UserNameColumn);
            var displayName = Cell(row, DisplayNameColumn);
            var regionText = Cell(row, RegionColumn);
            var phone = Domain.Common.PhoneNumbers.Normalize(Cell(row, PhoneColumn));

            if (!AccountAdministration.IsValidUserName(userName))
                Error(row, UserNameColumn, new("", $"用户名“{userName}”须为3–64位字母、数字、点、下划线或连字符", $"The user name \"{userName}\" needs 3–64 letters, digits, dots, underscores or hyphens"));
            else if (seen.TryGetValue(userName, out var first))
                Error(row, UserNameColumn, new("", $"用户名{userName}与第{first}行重复", $"The user name {userName} repeats row {first}"));
            else if (taken.Contains(userName))
                Error(row, UserNameColumn, new("", $"用户名{userName}已被使用", $"The user name {userName} is taken"));
            if (userName.Length > 0) seen.TryAdd(userName, row.Number);

            if (displayName.Length is 0 or > 100)
                Error(row, DisplayNameColumn, new("", "姓名或单位须为1–100个字符", "The display name needs 1–100 characters"));

            Role? role = null;
            if (!AccountFields.TryParseRole(Cell(row, RoleColumn), out var parsed))
                Error(row, RoleColumn, AccountFields.UnknownRole("", Cell(row, RoleColumn)));
            else if (!creatable.Contains(parsed))
                Error(row, RoleColumn, new("", $"无权创建“{parsed.Chinese()}”账号", $"You may not create {parsed.English().ToLowerInvariant()} accounts"));
            // A partner account names its partner (Collaboration): made one by one on the account page or the API, never from a file.
            else if (parsed == Role.Partner)
                Error(row, RoleColumn, new("", "帮扶单位账户须在新建账号页面选择帮扶单位后逐个创建", "Partner accounts are created one by one on the new-account page, naming the partner"));
            else role = parsed;

            if (!RegionCode.TryParse(regionText, out var code, out var parseError))
            {
                var parts = parseError.Split(" / ", 2);
                Error(row, RegionColumn, new("", parts[0], parts.Length == 2 ? parts[1] : parts[0]));
            }
            else if (!regions.Contains(code.Value))
                Error(row, RegionColumn, new("", $"区划{code.Value}不存在", $"There is no region {code.Value}"));
            else if (role is { } r)
                foreach (var e in AccountPolicy.Check(scope, AccountAction.Create, r, code.Value))
                    Error(row, e.Field == nameof(Account.Role) ? RoleColumn : RegionColumn, e);

            if (AccountFields.CheckPhone("", phone) is { } phoneError) Error(row, PhoneColumn, phoneError);

            if (report.Errors.Count == errorsBefore)
                accounts.Add(new Account
                {
                    UserName = userName, DisplayName = displayName, Role = role!.Value, RegionCode = code.Value, Phone = phone,
                    CreatedAt = now, CreatedBy = scope.Actor, MustChangePassword = true,
                });
        }
        if (report.Rejected) return report;

        // All rows are good: one save, one transaction; the save hook checks the policy again and audits each account.
        foreach (var account in accounts)
        {
            var password = OneTimePasswords.For(account.UserName);
            Passwords.Set(account, password);
            db.Accounts.Add(account);
            report.Created.Add(new(account.UserName, account.DisplayName, account.Role, account.RegionCode, password));
        }
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>The user names and one-time passwords as a CSV (UTF-8 with a byte-order mark, for Excel).</summary>
    public static async Task WritePasswordsAsync(Stream stream, IEnumerable<ImportedAccount> accounts, CancellationToken ct = default)
    {
        string[] headers = [UserNameColumn, DisplayNameColumn, RoleColumn, RegionColumn, "一次性密码 / one-time password"];
        var rows = accounts.Select(a => new object?[] { a.UserName, a.DisplayName, a.Role.Chinese(), a.RegionCode, a.OneTimePassword });
        await using var text = new StreamWriter(stream, new UTF8Encoding(true), leaveOpen: true);
        await using var csv = Sylvan.Data.Csv.CsvDataWriter.Create(text);
        await csv.WriteAsync(new RowDataReader(headers, rows), ct);
    }
}
