namespace Jingzhun.Domain.Statistics;

/// <summary>
/// One area's live funds and projects figures (扶贫资金和项目统计) at one date, kept like <see cref="AreaAssistance"/> so that the
/// dashboard reads one row instead of two dozen grouped queries over the funds tables: the control figures of the area, of
/// each child and of the area's own level, the money received by source, the projects by stage and type, idle funds, overdue
/// projects and assets, in <see cref="Figures"/> (JSON). The figures depend on the date (money turns idle, a project falls
/// overdue), so they stand for one day and are counted again each day and when a county's rows change.
/// </summary>
public sealed class AreaFunds : KeptAreaFigures;
