using System.Text;
using CsCheck;
using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Access;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jingzhun.Data.Tests.Exchange;

/// <summary>
/// The three tables of an interchange file as rows of cell texts (the header first), to damage the way a file gets
/// damaged (a lost column, a garbled header, a cut line) and write back as CSV or as a real .xlsx workbook.
/// </summary>
public sealed class FileTables
{
    public static readonly string[] Sheets = [RegistryTables.HouseholdsSheet, RegistryTables.MembersSheet, RegistryTables.IncomesSheet];

    public Dictionary<string, List<string?[]>> Tables { get; } = [];

    public List<string?[]> this[string sheet] => Tables[sheet];

    /// <summary>Reads an exported CSV set (households file and its two siblings) with the reader the importer uses.</summary>
    public static FileTables ReadCsv(string householdsPath)
    {
        var tables = new FileTables();
        foreach (var sheet in Sheets)
        {
            using var text = new StreamReader(ExchangeFiles.CsvPath(householdsPath, sheet), Encoding.UTF8);
            using var csv = Sylvan.Data.Csv.CsvDataReader.Create(text);
            var rows = new List<string?[]> { Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray() };
            while (csv.Read()) rows.Add(Enumerable.Range(0, csv.RowFieldCount).Select(csv.GetString).ToArray());
            tables.Tables[sheet] = rows;
        }
        return tables;
    }

    public FileTables Copy()
    {
        var copy = new FileTables();
        foreach (var (sheet, rows) in Tables) copy.Tables[sheet] = rows.Select(r => (string?[])r.Clone()).ToList();
        return copy;
    }

    /// <summary>Writes the tables as <paramref name="path"/>: a workbook of three sheets, or a CSV set (every cell quoted, rows as long as they are).</summary>
    public void Write(string path)
    {
        if (ExchangeFiles.FormatOf(path) == ExchangeFormat.Xlsx)
        {
            // Cells keyed by column letter and no header row of MiniExcel's own, so that a repeated header or a row
            // longer or shorter than its header is written as it is.
            // MiniExcel takes its columns from the first row: every row gets the width of the longest, short ones padded with empty cells.
            var sheets = Tables.ToDictionary(t => t.Key, object (t) => t.Value.Select(r => Letters(r, t.Value.Max(x => x.Length))).ToList());
            MiniExcel.SaveAs(path, sheets, printHeader: false, overwriteFile: true);
            return;
        }
        foreach (var (sheet, rows) in Tables)
        {
            var text = new StringBuilder();
            foreach (var row in rows) text.Append(string.Join(',', row.Select(c => "\"" + (c ?? "").Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))).Append("\r\n");
            File.WriteAllText(ExchangeFiles.CsvPath(path, sheet), text.ToString(), new UTF8Encoding(false));
        }
    }

    private static Dictionary<string, object?> Letters(string?[] row, int width)
    {
        var cells = new Dictionary<string, object?>();
        for (var i = 0; i < width; i++) cells[Letter(i + 1)] = i < row.Length ? row[i] : null;
        return cells;
    }

    public static string Letter(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26) letters = (char)('A' + (column - 1) % 26) + letters;
        return letters;
    }
}

/// <summary>One way to damage a file, with where the importer must point: the table, the row (1 = header) and the column, when known.</summary>
public sealed record Damage(string Kind, string Sheet, int Row, string? Column)
{
    public override string ToString() => $"{Kind} at {Sheet}!{Row} [{Column}]";
}

/// <summary>
/// One demo county of a dozen households per engine, shared by the damaged-file tests (which run one after another and
/// leave it as they found it, or, importing twice, with one wage changed), with its export read into tables.
/// </summary>
public sealed class DamagedFileCounty : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, (TestDatabase Database, FileTables Valid)> _counties = [];
    private readonly SemaphoreSlim _lock = new(1, 1);

    public TestFolder Folder { get; } = new();

    public async Task<(TestDatabase Database, FileTables Valid)> GetAsync(DatabaseProvider provider)
    {
        await _lock.WaitAsync();
        try
        {
            if (_counties.TryGetValue(provider, out var county)) return county;
            var database = await (await TestDatabase.CreateAsync(provider, Folder, "county")).WithDemoAsync(12, seed: 3);
            return _counties[provider] = (database, await ExportAsync(database.Target));
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Exports the registry as CSV and reads it back into tables.</summary>
    public async Task<FileTables> ExportAsync(DatabaseTarget target)
    {
        var path = Folder.File($"export-{Guid.NewGuid():N}.csv");
        await using (var db = JingzhunDb.Create(target, AccessScope.System("test")))
            await RegistryExporter.ExportAsync(db, path, ExchangeFormat.Csv);
        return FileTables.ReadCsv(path);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var (database, _) in _counties.Values) await database.DisposeAsync();
        Folder.Dispose();
        _lock.Dispose();
    }
}

/// <summary>
/// Damaged files against both importers on both engines: generated from a valid export of a small demo county, each one
/// damaged once (a column dropped, a header garbled, renamed or repeated, a row cut short or with extra cells, a required
/// cell emptied, a text too long or with a control character, a bad number, a key twice), each refused at its row and
/// column with the database unchanged in every table; and readable examples of the cases that once went wrong.
/// </summary>
public sealed class DamagedFileTests(DamagedFileCounty county) : IClassFixture<DamagedFileCounty>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Chunks of two rows: with a dozen households, a bad row late in a table falls in the third chunk or later.</summary>
    private const int SmallChunk = 2;

    /// <summary>The names the importer takes for the columns of a table: the Chinese headers and the English property names.</summary>
    private static IEnumerable<string> Names(string sheet) => sheet switch
    {
        RegistryTables.HouseholdsSheet => RegistryTables.HouseholdColumns.SelectMany(c => new[] { c.Header, c.Property }),
        RegistryTables.MembersSheet => RegistryTables.MemberColumns.SelectMany(c => new[] { c.Header, c.Property }),
        _ => RegistryTables.IncomeColumns.SelectMany(c => new[] { c.Header, c.Property }),
    };

    /// <summary>Columns whose cell may never be empty: those the importer requires filled, and the keys the field rules require.</summary>
    private static readonly Dictionary<string, string[]> Required = new()
    {
        [RegistryTables.HouseholdsSheet] = RegistryTables.HouseholdColumns.Where(c => !c.EmptyAllowed).Select(c => c.Header).Concat(["户编号", "村代码"]).ToArray(),
        [RegistryTables.MembersSheet] = RegistryTables.MemberColumns.Where(c => !c.EmptyAllowed).Select(c => c.Header).Concat(["户编号", "姓名", "身份证号"]).ToArray(),
        [RegistryTables.IncomesSheet] = RegistryTables.IncomeColumns.Where(c => !c.EmptyAllowed).Select(c => c.Header).Concat(["户编号"]).ToArray(),
    };

    /// <summary>Free-text columns and the most characters the database stores in them (HasMaxLength in the model).</summary>
    private static readonly (string Sheet, string Header, int Max)[] TextColumns =
    [
        (RegistryTables.HouseholdsSheet, "村民小组", 50), (RegistryTables.HouseholdsSheet, "住址", 200),
        (RegistryTables.MembersSheet, "姓名", 50), (RegistryTables.MembersSheet, "务工地点", 100),
    ];

    private static readonly (string Sheet, string Header)[] NumberColumns =
    [
        (RegistryTables.HouseholdsSheet, "住房面积"), (RegistryTables.HouseholdsSheet, "距硬化路距离"), (RegistryTables.HouseholdsSheet, "耕地面积"),
        (RegistryTables.MembersSheet, "务工时间"),
        .. RegistryTables.IncomeColumns.Skip(1).Select(c => (RegistryTables.IncomesSheet, c.Header)),
    ];

    private static readonly string[] BadNumbers = ["abc", "1e400", "NaN", "--5", "１２", "99999999999999", "-5", "12.3.4", "5元5"];
    private static readonly char[] ControlCharacters = ['\0', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085'];
    private static readonly string[] Kinds =
        ["drop column", "garble header", "rename header", "repeat column", "cut row short", "extra cells", "empty required cell", "over-long text", "control character", "bad number", "key twice"];

    private sealed record Case(int Kind, int Sheet, int Row, int Column, int Size, int Pick, bool Xlsx);

    private static readonly Gen<Case> Cases = Gen.Select(Gen.Int[0, Kinds.Length - 1], Gen.Int[0, 2], Gen.Int[0, 10_000], Gen.Int[0, 10_000], Gen.Int[1, 60], Gen.Int[0, 10_000], Gen.Bool)
        .Select((kind, sheet, row, column, size, pick, xlsx) => new Case(kind, sheet, row, column, size, pick, xlsx));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 198)]
    [InlineData(DatabaseProvider.Postgres, 55)]
    public async Task Generated_damaged_files_are_refused_at_their_row_and_column_and_change_nothing(DatabaseProvider provider, int cases)
    {
        var (database, valid) = await county.GetAsync(provider);
        var folder = county.Folder;
        var before = await DatabaseChecksum.OfAsync(database.Target, Ct);

        // The undamaged tables, written back by the same writer, import cleanly and change nothing: what fails below is the damage.
        foreach (var name in new[] { "valid.csv", "valid.xlsx" })
        {
            var path = folder.File($"{Guid.NewGuid():N}-{name}");
            valid.Write(path);
            foreach (var report in await ImportBothAsync(database.Target, path)) Assert.Empty(report.Errors);
        }
        Assert.Equal(before, await DatabaseChecksum.OfAsync(database.Target, Ct));

        // JINGZHUN_DAMAGE_CASES=5000 searches longer; JINGZHUN_DAMAGE_SEED repeats a failing run.
        if (int.TryParse(Environment.GetEnvironmentVariable("JINGZHUN_DAMAGE_CASES"), out var asked)) cases = asked;
        var count = 0;
        var kinds = new Dictionary<string, int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? first = null; // a case that changed the database breaks every later one, the shrunk ones too: keep the first
        try
        {
            // Every kind of damage gets its share of the cases.
            for (var kind = 0; kind < Kinds.Length; kind++)
            {
                var k = kind;
                await Cases.Select(c => c with { Kind = k }).SampleAsync(async c =>
        {
            var tables = valid.Copy();
            var damage = Apply(tables, c);
            try { await RefusedAsync(c, damage, tables); }
            catch (Exception e) when (first is null)
            {
                first = $"{damage} ({c}): {e.Message}";
                throw;
            }
        }, iter: Math.Max(1, cases / Kinds.Length), threads: 1, seed: Environment.GetEnvironmentVariable("JINGZHUN_DAMAGE_SEED"));
            }
        }
        catch (Exception e) when (first is not null)
        {
            Assert.Fail($"first failing case: {first}\n{e.Message}");
        }

        async Task RefusedAsync(Case c, Damage damage, FileTables tables)
        {
            var path = folder.File($"damaged-{provider}-{++count}.{(c.Xlsx ? "xlsx" : "csv")}");
            tables.Write(path);
            kinds[damage.Kind] = kinds.GetValueOrDefault(damage.Kind) + 1;

            var reports = await ImportBothAsync(database.Target, path);

            var table = ExchangeFiles.TableName(path, c.Xlsx ? ExchangeFormat.Xlsx : ExchangeFormat.Csv, damage.Sheet);
            foreach (var report in reports)
            {
                Assert.True(report.Rejected, $"{damage} was not refused");
                Assert.All(report.Errors, e => Assert.True(e.Row >= 1 && e.Column.Length > 0 && e.Chinese.Length > 0 && e.English.Length > 0, $"{damage}: {e}"));
                Assert.True(report.Errors.Any(e => e.Table == table && e.Row == damage.Row && (damage.Column is null || e.Column == damage.Column)),
                    $"{damage} not reported there; reported: {string.Join(" | ", report.Errors.Take(5))}");
            }
            Assert.Equal(reports[0].Errors, reports[1].Errors); // the web page's importer and the bulk one say the same
            Assert.Equal(before, await DatabaseChecksum.OfAsync(database.Target, Ct));
            File.Delete(path);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{count} damaged files on {provider} in {clock.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}");
        Assert.Equal(Kinds.Length, kinds.Count);
    }

    /// <summary>Damages the tables as the case says; returns where the importer must report it.</summary>
    private static Damage Apply(FileTables tables, Case c)
    {
        var kind = Kinds[c.Kind];
        var sheet = FileTables.Sheets[c.Sheet];
        var rows = tables[sheet];
        var header = rows[0];
        // The export's reading columns (户主姓名, 所在乡镇, 所在村) are ignored on import, so damaging them is no damage: pick among the rest.
        var damageable = Enumerable.Range(0, header.Length).Where(i => sheet != RegistryTables.HouseholdsSheet || !RegistryTables.IsReadingHeader(header[i] ?? "")).ToArray();
        var column = damageable[c.Column % damageable.Length];
        var dataRow = 1 + c.Row % (rows.Count - 1);
        int Index(string h) => Array.IndexOf(header, h);
        switch (kind)
        {
            case "drop column":
            {
                var name = header[column]!;
                for (var r = 0; r < rows.Count; r++) rows[r] = rows[r].Where((_, i) => i != column).ToArray();
                return new(kind, sheet, 1, name);
            }
            case "garble header":
            {
                // Mojibake, a stray character, or a word of another table: never a name of this table.
                string[] garbles = [$"{header[column]}?", $"?{header[column]}", "Ã¦Â·Â»", "column" + c.Pick, $"{header[column]![..1]}_{c.Pick % 10}", "身份證號", "Wage"];
                var garbled = garbles[c.Pick % garbles.Length];
                while (Names(sheet).Any(n => string.Equals(n, garbled.Trim(), StringComparison.OrdinalIgnoreCase))) garbled += "#";
                header[column] = garbled;
                return new(kind, sheet, 1, garbled);
            }
            case "rename header":
            {
                var other = damageable[(Array.IndexOf(damageable, column) + 1 + c.Pick % (damageable.Length - 1)) % damageable.Length];
                header[column] = header[other];
                return new(kind, sheet, 1, header[other]);
            }
            case "repeat column":
            {
                for (var r = 0; r < rows.Count; r++) rows[r] = [.. rows[r], rows[r].ElementAtOrDefault(column)];
                return new(kind, sheet, 1, header[column]);
            }
            case "cut row short":
            {
                var keep = 1 + c.Pick % (header.Length - 1);
                rows[dataRow] = rows[dataRow][..keep];
                // In a workbook a short row is a row with empty cells at its end; the first required one among them is reported.
                return new(kind, sheet, dataRow + 1, null);
            }
            case "extra cells":
            {
                var extra = 1 + c.Size % 3;
                rows[dataRow] = [.. rows[dataRow], .. Enumerable.Range(0, extra).Select(i => $"多{i}")];
                return new(kind, sheet, dataRow + 1, FileTables.Letter(header.Length + 1));
            }
            case "empty required cell":
            {
                var name = Required[sheet][c.Pick % Required[sheet].Length];
                rows[dataRow][Index(name)] = c.Size % 2 == 0 ? "" : "  ";
                return new(kind, sheet, dataRow + 1, name);
            }
            case "over-long text":
            {
                var (s, name, max) = TextColumns[c.Pick % TextColumns.Length];
                var target = tables[s];
                var r = 1 + c.Row % (target.Count - 1);
                target[r][Array.IndexOf(target[0], name)] = new string('长', max + 1 + c.Size % 40);
                return new(kind, s, r + 1, name);
            }
            case "control character":
            {
                var (s, name, _) = TextColumns[c.Pick % TextColumns.Length];
                var target = tables[s];
                var r = 1 + c.Row % (target.Count - 1);
                var i = Array.IndexOf(target[0], name);
                // Inside the text: at either end a whitespace control (U+0085) is trimmed away like a space and never stored.
                var text = (target[r][i] ?? "").Trim().Length < 2 ? "某某" : target[r][i]!.Trim();
                var at = 1 + c.Size % (text.Length - 1);
                target[r][i] = text[..at] + ControlCharacters[c.Column % ControlCharacters.Length] + text[at..];
                return new(kind, s, r + 1, name);
            }
            case "bad number":
            {
                var (s, name) = NumberColumns[c.Pick % NumberColumns.Length];
                var target = tables[s];
                var r = 1 + c.Row % (target.Count - 1);
                target[r][Array.IndexOf(target[0], name)] = BadNumbers[c.Size % BadNumbers.Length];
                return new(kind, s, r + 1, name);
            }
            default: // key twice
                if (sheet == RegistryTables.HouseholdsSheet)
                {
                    var other = 1 + (dataRow + c.Pick % (rows.Count - 2)) % (rows.Count - 1);
                    rows[Math.Max(dataRow, other)][0] = rows[Math.Min(dataRow, other)][0];
                    return new(kind, sheet, Math.Max(dataRow, other) + 1, "户编号");
                }
                // A present member or an income year listed again at the end of its table.
                var present = sheet == RegistryTables.MembersSheet
                    ? rows.Skip(1).Where(r => r[Index("成员状态")] == MemberState.Present.Chinese()).ToList()
                    : rows.Skip(1).ToList();
                rows.Add((string?[])present[c.Row % present.Count].Clone());
                return new(kind, sheet, rows.Count, sheet == RegistryTables.MembersSheet ? "身份证号" : "年度");
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "registry.csv")]
    [InlineData(DatabaseProvider.Sqlite, "registry.xlsx")]
    [InlineData(DatabaseProvider.Postgres, "registry.csv")]
    [InlineData(DatabaseProvider.Postgres, "registry.xlsx")]
    public async Task A_three_column_incomes_file_is_refused_naming_the_missing_columns_and_no_wage_changes(DatabaseProvider provider, string name)
    {
        var (database, valid) = await county.GetAsync(provider);
        var folder = county.Folder;
        var tables = valid.Copy();
        // Someone kept only the columns being checked: 户编号, 年度 and 人口数. Read with the missing columns as zeros, this
        // file once zeroed every income of every row and reported success.
        var incomes = tables[RegistryTables.IncomesSheet];
        for (var r = 0; r < incomes.Count; r++) incomes[r] = incomes[r][..3];
        tables.Tables.Remove(RegistryTables.MembersSheet);
        var path = folder.File($"{Guid.NewGuid():N}-{name}");
        tables.Write(path);
        var wages = await WagesAsync(database.Target);
        var before = await DatabaseChecksum.OfAsync(database.Target, Ct);

        foreach (var report in await ImportBothAsync(database.Target, path))
        {
            Assert.True(report.Rejected);
            var table = ExchangeFiles.TableName(path, ExchangeFiles.FormatOf(path)!.Value, RegistryTables.IncomesSheet);
            string[] missing = ["工资性收入", "生产经营性收入", "财产性收入", "养老金", "低保金", "特困供养金", "生态补偿金", "其他转移性收入", "生产经营性支出"];
            Assert.Equal(missing, report.Errors.Select(e => e.Column));
            Assert.All(report.Errors, e => Assert.Equal((table, 1), (e.Table, e.Row)));
            Assert.Contains("缺少列“生产经营性收入”", report.Errors[1].Chinese);
            Assert.Contains("ProductionIncome", report.Errors[1].English);
        }
        Assert.Equal(wages, await WagesAsync(database.Target));
        Assert.Equal(before, await DatabaseChecksum.OfAsync(database.Target, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "registry.csv")]
    [InlineData(DatabaseProvider.Sqlite, "registry.xlsx")]
    [InlineData(DatabaseProvider.Postgres, "registry.xlsx")]
    public async Task A_garbled_header_is_refused_at_its_cell_instead_of_dropping_the_column(DatabaseProvider provider, string name)
    {
        var (database, valid) = await county.GetAsync(provider);
        var folder = county.Folder;
        var tables = valid.Copy();
        var households = tables[RegistryTables.HouseholdsSheet];
        var area = Array.IndexOf(households[0], "住房面积");
        households[0][area] = "ä½æˆ¿é¢ç§¯"; // 住房面积 saved as UTF-8 and read back as Latin-1
        foreach (var row in households.Skip(1)) row[area] = "0"; // had the column been dropped, every area would become 0
        var path = folder.File($"{Guid.NewGuid():N}-{name}");
        tables.Write(path);
        var before = await DatabaseChecksum.OfAsync(database.Target, Ct);

        foreach (var report in await ImportBothAsync(database.Target, path))
        {
            Assert.True(report.Rejected);
            var table = ExchangeFiles.TableName(path, ExchangeFiles.FormatOf(path)!.Value, RegistryTables.HouseholdsSheet);
            Assert.Equal([(table, 1, "ä½æˆ¿é¢ç§¯"), (table, 1, "住房面积")], report.Errors.Select(e => (e.Table, e.Row, e.Column)));
            Assert.Contains($"第{area + 1}列", report.Errors[0].Chinese);
            Assert.Contains("not a column of this table", report.Errors[0].English);
        }
        // Not even the rows of the other tables are written when bad rows are to be skipped: a damaged header refuses the file.
        foreach (var bulk in new[] { false, true })
            Assert.True((await ImportAsync(database.Target, path, bulk, skipInvalid: true)).Rejected);
        Assert.Equal(before, await DatabaseChecksum.OfAsync(database.Target, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres, "\0")]
    [InlineData(DatabaseProvider.Postgres, "too long")]
    [InlineData(DatabaseProvider.Sqlite, "\0")]
    [InlineData(DatabaseProvider.Sqlite, "too long")]
    public async Task A_bad_row_that_would_fail_in_the_third_chunk_is_refused_before_the_first_is_written(DatabaseProvider provider, string damage)
    {
        var (database, valid) = await county.GetAsync(provider);
        var folder = county.Folder;
        var tables = valid.Copy();
        // A change in every household, so that the first chunks would have something to write.
        var households = tables[RegistryTables.HouseholdsSheet];
        var group = Array.IndexOf(households[0], "村民小组");
        var address = Array.IndexOf(households[0], "住址");
        foreach (var row in households.Skip(1)) row[group] = "新组";
        // Row 8 is the seventh household: in chunks of two households, the fourth chunk. PostgreSQL refuses NUL in text and
        // more than 200 characters in 住址 (SQLite would store both).
        households[7][address] = damage == "\0" ? "某村\0某组" : new string('址', 201);
        var path = folder.File($"{Guid.NewGuid():N}-registry.csv");
        tables.Write(path);
        var before = await DatabaseChecksum.OfAsync(database.Target, Ct);

        var report = await RegistryBulkImporter.ImportAsync(database.Target, AccessScope.System("test"), path, new ImportOptions { BatchSize = SmallChunk }, ct: Ct);

        Assert.True(report.Rejected);
        var error = Assert.Single(report.Errors);
        Assert.Equal((Path.GetFileName(path), 8, "住址"), (error.Table, error.Row, error.Column));
        Assert.Contains(damage == "\0" ? "控制字符" : "最多200个字符", error.Chinese);
        Assert.Equal(before, await DatabaseChecksum.OfAsync(database.Target, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "registry.csv")]
    [InlineData(DatabaseProvider.Sqlite, "registry.xlsx")]
    [InlineData(DatabaseProvider.Postgres, "registry.csv")]
    [InlineData(DatabaseProvider.Postgres, "registry.xlsx")]
    public async Task Importing_the_same_file_twice_leaves_versions_and_audit_unchanged_the_second_time(DatabaseProvider provider, string name)
    {
        var (database, valid) = await county.GetAsync(provider);
        var folder = county.Folder;
        var tables = valid.Copy();
        var incomes = tables[RegistryTables.IncomesSheet];
        incomes[1][Array.IndexOf(incomes[0], "工资性收入")] = "4321.5";
        var path = folder.File($"{Guid.NewGuid():N}-{name}");
        tables.Write(path);

        try
        {
            await TwiceAsync(database, path);
        }
        finally
        {
            // Back to the export, for the other tests of the shared county.
            var restore = folder.File($"{Guid.NewGuid():N}-restore.csv");
            valid.Write(restore);
            Assert.Empty((await ImportAsync(database.Target, restore, bulk: true)).Errors);
        }
    }

    private static async Task TwiceAsync(TestDatabase database, string path)
    {
        foreach (var bulk in new[] { false, true })
        {
            var first = await ImportAsync(database.Target, path, bulk);
            Assert.Empty(first.Errors);
            var (versions, audit) = await VersionsAndAuditAsync(database.Target);
            var before = await DatabaseChecksum.OfAsync(database.Target, Ct);

            var again = await ImportAsync(database.Target, path, bulk);

            Assert.Empty(again.Errors);
            Assert.Equal((0, 0, 0, 0, 0), (again.HouseholdsCreated, again.HouseholdsUpdated, again.MembersUpdated, again.IncomesCreated, again.IncomesUpdated));
            Assert.Equal(12, again.HouseholdsUnchanged);
            Assert.Equal((versions, audit), await VersionsAndAuditAsync(database.Target));
            Assert.Equal(before, await DatabaseChecksum.OfAsync(database.Target, Ct));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "registry.xlsx")]
    [InlineData(DatabaseProvider.Sqlite, "registry.csv")]
    [InlineData(DatabaseProvider.Postgres, "registry.xlsx")]
    public async Task A_number_outside_the_region_reads_like_a_number_that_does_not_exist(DatabaseProvider provider, string name)
    {
        var (database, valid) = await county.GetAsync(provider);
        var clerk = AccessScope.For(Jingzhun.Data.Access.DemoAccounts.All.Single(a => a.UserName == "village")); // the clerk of village 990121001001
        var households = valid[RegistryTables.HouseholdsSheet];
        var incomes = valid[RegistryTables.IncomesSheet];
        // A household of another village (with an income row), and the same rows under a number nobody has.
        var village = Array.IndexOf(households[0], "村代码");
        var elsewhere = households.Skip(1).First(h => !h[village]!.StartsWith(clerk.RegionPrefix, StringComparison.Ordinal) && incomes.Any(i => i[0] == h[0]));
        const string Nobody = "9901210019999999";
        string?[] Renumbered(string?[] row) => [Nobody, .. row.Skip(1)];
        var income = incomes.Skip(1).First(i => i[0] == elsewhere[0]);
        var before = await DatabaseChecksum.OfAsync(database.Target, Ct);

        // Once as household rows, once as income rows of households the file does not hold.
        foreach (var (sheet, rows) in new[] { (RegistryTables.HouseholdsSheet, new[] { elsewhere, Renumbered(elsewhere) }), (RegistryTables.IncomesSheet, new[] { income, Renumbered(income) }) })
        {
            var tables = new FileTables();
            foreach (var s in FileTables.Sheets) tables.Tables[s] = [valid[s][0]];
            tables[sheet].AddRange(rows);
            var path = county.Folder.File($"{Guid.NewGuid():N}-{name}");
            tables.Write(path);
            var table = ExchangeFiles.TableName(path, ExchangeFiles.FormatOf(path)!.Value, sheet);

            await using var scoped = JingzhunDb.Create(database.Target, clerk);
            var reports = new[]
            {
                await RegistryImporter.ImportAsync(scoped, path, ct: Ct),
                await RegistryBulkImporter.ImportAsync(database.Target, clerk, path, new ImportOptions { BatchSize = SmallChunk }, ct: Ct),
            };

            foreach (var report in reports)
            {
                Assert.True(report.Rejected);
                string Said(int row) => string.Join(" | ", report.Errors.Where(e => e.Table == table && e.Row == row)
                    .Select(e => $"{e.Column}: {e.Message}".Replace(elsewhere[0]!, "N", StringComparison.Ordinal).Replace(Nobody, "N", StringComparison.Ordinal)));
                Assert.Contains("户编号: 户编号N不在", Said(2));
                Assert.Contains("不在您的辖区内或尚未登记", Said(2));
                Assert.Contains("not in your region or not registered", Said(2));
                Assert.Equal(Said(2), Said(3));
                Assert.DoesNotContain(report.Errors, e => e.Message.Contains("辖区以外", StringComparison.Ordinal) || e.Message.Contains("outside your region", StringComparison.Ordinal));
            }
        }
        Assert.Equal(before, await DatabaseChecksum.OfAsync(database.Target, Ct));
    }

    /// <summary>The file through the web page's importer and through the bulk one (in small chunks), as an update of the registry.</summary>
    private static async Task<ImportReport[]> ImportBothAsync(DatabaseTarget target, string path) =>
        [await ImportAsync(target, path, bulk: false), await ImportAsync(target, path, bulk: true)];

    private static async Task<ImportReport> ImportAsync(DatabaseTarget target, string path, bool bulk, bool skipInvalid = false)
    {
        var options = new ImportOptions { BatchSize = SmallChunk, SkipInvalid = skipInvalid };
        if (bulk) return await RegistryBulkImporter.ImportAsync(target, AccessScope.System("test"), path, options, ct: Ct);
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        return await RegistryImporter.ImportAsync(db, path, options, ct: Ct);
    }

    private static async Task<List<long>> WagesAsync(DatabaseTarget target)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        return (await db.Incomes.OrderBy(i => i.Id).Select(i => i.Wages).ToListAsync(Ct)).Select(m => m.Fen).ToList();
    }

    private static async Task<(string Versions, int Audit)> VersionsAndAuditAsync(DatabaseTarget target)
    {
        await using var db = JingzhunDb.Create(target, AccessScope.System("test"));
        var households = await db.Households.OrderBy(h => h.Id).Select(h => h.Version).ToListAsync(Ct);
        var members = await db.Members.OrderBy(m => m.Id).Select(m => m.Version).ToListAsync(Ct);
        return (string.Join(",", households) + "/" + string.Join(",", members), await db.AuditEntries.CountAsync(Ct));
    }
}
