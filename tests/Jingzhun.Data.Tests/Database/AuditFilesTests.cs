using Jingzhun.Data.Database;

namespace Jingzhun.Data.Tests.Database;

/// <summary>Where a database's audit key and checkpoints live by default, and how a setting moves them.</summary>
public sealed class AuditFilesTests
{
    [Fact]
    public void A_sqlite_database_keeps_its_key_and_checkpoints_beside_the_file()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DatabaseTarget.AuditKeyVariable))) Assert.Skip("JINGZHUN_AUDIT_KEY_FILE is set");
        var target = DatabaseTarget.Parse("/srv/county/jingzhun.db");
        Assert.Equal("/srv/county/audit.key", target.AuditKeyFile);
        Assert.Equal("/srv/county/audit-checkpoints.jsonl", target.CheckpointsFile);
        Assert.Equal("/srv/county/jingzhun.db", target.Identity);
    }

    [Fact]
    public void A_postgres_database_keeps_them_under_data_in_the_working_directory_and_is_named_without_credentials()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DatabaseTarget.AuditKeyVariable))) Assert.Skip("JINGZHUN_AUDIT_KEY_FILE is set");
        var target = DatabaseTarget.Parse("Host=db.example;Port=5433;Database=county;Username=jz;Password=secret");
        Assert.Equal(Path.GetFullPath("data/audit.key"), target.AuditKeyFile);
        Assert.Equal("postgres://db.example:5433/county", target.Identity);
        Assert.Equal(target.Identity, DatabaseTarget.Parse("postgres://other:pw@db.example:5433/county").Identity);
    }

    [Fact]
    public void Settings_move_the_key_and_the_checkpoints_follow_it_unless_set_themselves()
    {
        var target = DatabaseTarget.Parse("/srv/county/jingzhun.db").WithAuditFiles("/etc/jingzhun/audit.key", null);
        Assert.Equal("/etc/jingzhun/audit.key", target.AuditKeyFile);
        Assert.Equal("/etc/jingzhun/audit-checkpoints.jsonl", target.CheckpointsFile);
        var both = target.WithAuditFiles(null, "/var/lib/jingzhun/checkpoints.jsonl");
        Assert.Equal("/etc/jingzhun/audit.key", both.AuditKeyFile);
        Assert.Equal("/var/lib/jingzhun/checkpoints.jsonl", both.CheckpointsFile);
    }
}
