namespace Jingzhun.Data.Database;

/// <summary>A change outside the actor's region or rights. Pages and endpoints turn it into 404 or 403.</summary>
public sealed class ScopeViolationException(string message, string regionCode = "") : InvalidOperationException(message)
{
    /// <summary>The region of the record the actor tried to change, for the refusal's audit entry.</summary>
    public string RegionCode { get; } = regionCode;
}

/// <summary>An attempt to delete registry data, which only ever changes state.</summary>
public sealed class DeletionRefusedException(string entity) : InvalidOperationException($"{entity} rows are never deleted; change their state instead");
