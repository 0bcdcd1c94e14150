using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Workflows;

/// <summary>Where an item stands on the home page's work list (待办事项), in the order the page shows them.</summary>
public enum WorkSection
{
    [Label("待我办理的案件", "Cases waiting for you")] Cases = 1,
    [Label("公示", "Notices")] Notices = 2,
    [Label("待答复", "To answer")] Answers = 3,
    [Label("已逾期", "Overdue")] Overdue = 4,
    [Label("我的任务", "My tasks")] Own = 5,
    [Label("账户管理", "Accounts")] Accounts = 6,
    [Label("待查阅", "To review")] Review = 7,
}

/// <summary>
/// One thing an account must do now, as its home page lists it: a title, how many, a link to the list where it is done,
/// and the first few of them named (a household head and its village, a region, a finding) with their own links.
/// Each feature's data code says what its work is (the work of the reader's role, in the reader's region); the home page
/// only puts the items together.
/// </summary>
/// <param name="Id">A stable name for the page (an element id), e.g. <c>case-Identification-Verification</c>.</param>
/// <param name="Overdue">Past a deadline: the page marks it.</param>
public sealed record WorkItem(string Id, WorkSection Section, Bilingual Title, int Count, string Link, IReadOnlyList<WorkLine> Lines, bool Overdue = false);

/// <summary>One named piece of work: who or what (a head of household, a region, a finding) and where, with its own link.</summary>
/// <param name="Due">A moment that goes with the note (UTC: the end of a notice, when a case was opened), shown in local time.</param>
/// <param name="DueOn">A deadline that is a date (a finding's).</param>
public sealed record WorkLine(string Link, string Name, string Place, DateTime? Due = null, Bilingual? Note = null, DateOnly? DueOn = null);
