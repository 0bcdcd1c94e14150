using Jingzhun.Domain.Common;

namespace Jingzhun.Data.Database;

/// <summary>A workflow step the actor's role or level may not take (403; the refusal is audited).</summary>
public sealed class WorkflowRefusedException(string chinese, string english, string regionCode) : InvalidOperationException($"{chinese} / {english}")
{
    public string Chinese { get; } = chinese;
    public string English { get; } = english;
    public string RegionCode { get; } = regionCode;
    public Bilingual Text => new(Chinese, English);
}

/// <summary>A step that cannot be taken yet: a notice still running, an open objection, a household not eligible (409).</summary>
public sealed class WorkflowBlockedException(string chinese, string english) : InvalidOperationException($"{chinese} / {english}")
{
    public string Chinese { get; } = chinese;
    public string English { get; } = english;
    public Bilingual Text => new(Chinese, English);
}
