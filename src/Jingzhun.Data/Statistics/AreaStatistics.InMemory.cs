using Jingzhun.Data.Database;
using Jingzhun.Data.Exchange.Bulk;
using Jingzhun.Domain.Registry;
using Jingzhun.Domain.Statistics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Jingzhun.Data.Statistics;

public static partial class AreaStatistics
{
    /// <summary>
    /// The live counts of the whole registry on SQLite, tallied here from one plain read of each table instead of the two
    /// grouped statements. SQLite evaluates every conditional count of <see cref="LivePass.Sql"/> on every row (about 25 ms
    /// per 600,000 rows each, 33 of them over the members) and joins each member to its household through the index; this
    /// reads the households once into an array by id and the present members once in their stored order, each row
    /// adding to its group's cells, and gives the tally exactly what the statements give: the same cells, a number no enum
    /// value has counted under that number, a NULL nowhere. False when the households' ids are too sparse for an array
    /// (rows written outside the application): the statements count those.
    /// </summary>
    private static async Task<bool> LiveInMemoryAsync(JingzhunDbContext db, Tally tally, Dictionary<string, object> parameters, CancellationToken ct)
    {
        await using var session = await BulkSession.OverAsync(db, ct);
        var (first, last, count) = (0L, -1L, 0L);
        await using (var range = session.Command("""SELECT MIN("Id"), MAX("Id"), COUNT(*) FROM "Households" """))
        await using (var reader = await range.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct) && !reader.IsDBNull(0)) (first, last, count) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        if (count == 0) return true;
        if (last - first + 1 > 4 * count + 65_536 || last - first + 1 > Array.MaxLength) return false;

        var counts = new LiveCounts(first, (int)(last - first + 1));
        ReadWithSqlite((SqliteConnection)session.Connection, counts, parameters, ct);
        counts.CopyTo(tally);
        return true;
    }

    // A NULL (a row written outside the application) comes back as None, which counts in no cell and under no number,
    // as in the statements, where no condition holds for it. The age group is decided by the statements' own conditions.
    private const int None = int.MinValue;

    private const string HouseholdsSql = """
        SELECT "Id", "VillageCode", "Status", CASE WHEN "StatusYear" = @year THEN 1 ELSE 0 END,
            COALESCE("PrimaryCause", @none), COALESCE("Attribute", @none)
        FROM "Households"
        """;

    private const string MembersSql = """
        SELECT "HouseholdId", COALESCE("Labour", @none), COALESCE("Health", @none),
            CASE WHEN "BirthDate" > @cut6 THEN 0 WHEN "BirthDate" > @cut16 THEN 1 WHEN "BirthDate" > @cut60 THEN 2
                 WHEN "BirthDate" <= @cut60 THEN 3 ELSE @none END
        FROM "Members" NOT INDEXED WHERE "State" = @present
        """;

    /// <summary>
    /// The two reads through SQLite's own interface on the context's connection (and so in its transaction).
    /// Microsoft.Data.Sqlite's reader asks SQLite for each value's type before reading it, and read through it the rows
    /// took twice as long as the statements' whole pass (2.4 s against 0.8 s for one GROUP BY at 500,000 households).
    /// The members are read in their stored order (NOT INDEXED): SQLite would otherwise walk the present members' index
    /// and fetch each row from the table out of order.
    /// </summary>
    private static void ReadWithSqlite(SqliteConnection connection, LiveCounts counts, Dictionary<string, object> parameters, CancellationToken ct)
    {
        var (lastVillage, lastStatus, lastGroup) = (Array.Empty<byte>(), -1, -1);
        Step(connection, HouseholdsSql, parameters, statement =>
        {
            var village = raw.sqlite3_column_blob(statement, 1);
            var status = raw.sqlite3_column_int(statement, 2);
            // Households come in the order they were written, a village's together: its group is usually the last one.
            if (status != lastStatus || !village.SequenceEqual(lastVillage))
                (lastVillage, lastStatus, lastGroup) = (village.ToArray(), status, counts.GroupOf(System.Text.Encoding.UTF8.GetString(village), (HouseholdStatus)status));
            counts.AddHousehold(raw.sqlite3_column_int64(statement, 0), lastGroup, raw.sqlite3_column_int(statement, 3) == 1,
                raw.sqlite3_column_int(statement, 4), raw.sqlite3_column_int(statement, 5));
        }, ct);
        Step(connection, MembersSql, parameters, statement =>
            counts.AddPerson(raw.sqlite3_column_int64(statement, 0), raw.sqlite3_column_int(statement, 1),
                raw.sqlite3_column_int(statement, 2), raw.sqlite3_column_int(statement, 3)), ct);
    }

    private static void Step(SqliteConnection connection, string sql, Dictionary<string, object> parameters, Action<sqlite3_stmt> row, CancellationToken ct)
    {
        var db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            for (var i = 1; i <= raw.sqlite3_bind_parameter_count(statement); i++)
            {
                var name = raw.sqlite3_bind_parameter_name(statement, i).utf8_to_string()[1..];
                // Bound as Microsoft.Data.Sqlite binds them for the statements: integers, and dates as yyyy-MM-dd text.
                Check(db, name == "none" ? raw.sqlite3_bind_int64(statement, i, None) : parameters[name] switch
                {
                    int n => raw.sqlite3_bind_int64(statement, i, n),
                    DateOnly d => raw.sqlite3_bind_text(statement, i, d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                    var other => throw new ArgumentException($"no binding for {other.GetType().Name}"),
                });
            }
            int rc;
            for (var rows = 0L; (rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW; rows++)
            {
                if ((rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                row(statement);
            }
            if (rc != raw.SQLITE_DONE) Check(db, rc);
        }
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
    }

    /// <summary>
    /// Counts by group (village and status) in arrays: a household's group and profile (year of status, cause, attribute)
    /// by its id, and per group the households and people of each cell of <see cref="LiveCells.OfPeople"/>, whose first
    /// cells are those of <see cref="LiveCells.OfHouseholds"/>.
    /// </summary>
    private sealed class LiveCounts(long firstId, int ids)
    {
        private static readonly IReadOnlyList<LiveCells.Cell> Cells = LiveCells.OfPeople;
        private static readonly Dictionary<(BreakdownDimension, int), int> CellIndex =
            Cells.Select((c, i) => (c, i)).ToDictionary(x => (x.c.Dimension, x.c.Value), x => x.i);

        /// <summary>A household's fields that its people are counted by; a cell of -1 where its value has no cell.</summary>
        private sealed record Profile(bool InYear, int Cause, int Attribute)
        {
            public int CauseCell { get; } = CellOf(BreakdownDimension.PrimaryCause, Cause);
            public int AttributeCell { get; } = CellOf(BreakdownDimension.Attribute, Attribute);
        }

        private sealed record Person(int Labour, int Health, int Age)
        {
            public int LabourCell { get; } = CellOf(BreakdownDimension.Labour, Labour);
            public int HealthCell { get; } = CellOf(BreakdownDimension.Health, Health);
            public int AgeCell { get; } = CellOf(BreakdownDimension.AgeGroup, Age);
        }

        private static int CellOf(BreakdownDimension dimension, int value) =>
            value != None && CellIndex.TryGetValue((dimension, value), out var i) ? i : -1;

        private readonly int[] groupOf = Filled(ids, -1);
        private readonly int[] profileOf = new int[ids];
        private readonly List<(string Village, HouseholdStatus Status)> groups = [];
        private readonly Dictionary<(string, HouseholdStatus), int> groupIndex = [];
        private readonly List<Profile> profiles = [];
        private readonly Dictionary<(bool, int, int), int> profileIndex = [];
        private readonly List<Person> persons = [];
        private readonly Dictionary<(int, int, int), int> personIndex = [];
        private readonly Figures households = new();
        private readonly Figures people = new();

        /// <summary>The index of a village's group of households of a status, made at its first household.</summary>
        public int GroupOf(string village, HouseholdStatus status)
        {
            if (!groupIndex.TryGetValue((village, status), out var group))
            {
                groupIndex[(village, status)] = group = groups.Count;
                groups.Add((village, status));
                households.Grow(groups.Count);
                people.Grow(groups.Count);
            }
            return group;
        }

        public void AddHousehold(long id, int group, bool inYear, int cause, int attribute)
        {
            var slot = (int)(id - firstId);
            if (!profileIndex.TryGetValue((inYear, cause, attribute), out var index))
            {
                profileIndex[(inYear, cause, attribute)] = index = profiles.Count;
                profiles.Add(new Profile(inYear, cause, attribute));
            }
            (groupOf[slot], profileOf[slot]) = (group, index);
            households.Add(group, profiles[index]);
        }

        public void AddPerson(long householdId, int labour, int health, int age)
        {
            // No such household: the statements' join leaves the member out.
            var offset = householdId - firstId;
            if (offset < 0 || offset >= ids) return;
            var slot = (int)offset;
            var group = groupOf[slot];
            if (group < 0) return;
            if (!personIndex.TryGetValue((labour, health, age), out var index))
            {
                personIndex[(labour, health, age)] = index = persons.Count;
                persons.Add(new Person(labour, health, age));
            }
            var person = persons[index];
            people.Add(group, profiles[profileOf[slot]]);
            people.Add(group, BreakdownDimension.Labour, person.LabourCell, labour);
            people.Add(group, BreakdownDimension.Health, person.HealthCell, health);
            people.Add(group, BreakdownDimension.AgeGroup, person.AgeCell, None);
        }

        public void CopyTo(Tally tally)
        {
            for (var g = 0; g < groups.Count; g++)
            {
                var (village, status) = groups[g];
                tally.AddStatus(AreaAggregate.LiveYear, village, status, households.Count[g], people.Count[g], households.InYear[g], people.InYear[g]);
                for (var c = 0; c < Cells.Count; c++)
                {
                    tally.AddBreakdown(AreaAggregate.LiveYear, Cells[c].Dimension, Cells[c].Value, village, status, households.Cells[g][c], people: false);
                    tally.AddBreakdown(AreaAggregate.LiveYear, Cells[c].Dimension, Cells[c].Value, village, status, people.Cells[g][c], people: true);
                }
            }
            foreach (var (figures, isPeople) in new[] { (households, false), (people, true) })
                foreach (var ((g, dimension, value), n) in figures.Unlisted)
                    tally.AddBreakdown(AreaAggregate.LiveYear, dimension, value, groups[g].Village, groups[g].Status, n, isPeople);
        }

        private static int[] Filled(int length, int value)
        {
            var array = new int[length];
            Array.Fill(array, value);
            return array;
        }

        /// <summary>One pass's figures per group: rows, rows whose status is of this year, and each cell's rows.</summary>
        private sealed class Figures
        {
            public int[] Count = [];
            public int[] InYear = [];
            public readonly List<int[]> Cells = [];
            /// <summary>Rows whose value has no cell (a number no enum value has), by group, dimension and number.</summary>
            public readonly Dictionary<(int Group, BreakdownDimension Dimension, int Value), int> Unlisted = [];

            public void Grow(int groups)
            {
                if (groups > Count.Length)
                {
                    Array.Resize(ref Count, Math.Max(16, Count.Length * 2));
                    Array.Resize(ref InYear, Count.Length);
                }
                Cells.Add(new int[LiveCounts.Cells.Count]);
            }

            public void Add(int group, Profile profile)
            {
                Count[group]++;
                if (profile.InYear) InYear[group]++;
                Add(group, BreakdownDimension.PrimaryCause, profile.CauseCell, profile.Cause);
                Add(group, BreakdownDimension.Attribute, profile.AttributeCell, profile.Attribute);
            }

            /// <summary>A row with a cell adds to it; one without adds under its number, unless its value is NULL (no condition holds).</summary>
            public void Add(int group, BreakdownDimension dimension, int cell, int value)
            {
                if (cell >= 0) Cells[group][cell]++;
                else if (value != None)
                    Unlisted[(group, dimension, value)] = Unlisted.GetValueOrDefault((group, dimension, value)) + 1;
            }
        }
    }
}
