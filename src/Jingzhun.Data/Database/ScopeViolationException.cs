namespace Jingzhun.Data.Database;

/// <summary>A change outside the actor's region or rights. Pages and endpoints turn it into 404 or 403.</summary>
public sealed class ScopeViolationException(string message) : InvalidOperationException(message);

/// <summary>An attempt to delete registry data, which only ever changes state.</summary>
public sealed class DeletionRefusedException(string entity) : InvalidOperationException($"{entity} rows are never deleted; change their state instead");
