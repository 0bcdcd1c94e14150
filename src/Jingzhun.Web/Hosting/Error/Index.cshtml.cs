using Jingzhun.Web.Hosting;
using Jingzhun.Web.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Jingzhun.Web.Shared;

namespace Jingzhun.Web.Hosting.Error;

/// <summary>
/// The page every failed page request ends on (ErrorResponses re-executes the request here as a GET): a plain title and
/// sentence in the reader's language, what to do next, a way back, the status of the failure, and for a bug the reference
/// that finds it in the log — never the exception's text. Asked for directly, it is the not-found page.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class IndexModel(Lang lang) : PageModel
{
    public int Status { get; private set; }
    public string Title { get; private set; } = "";
    public string Sentence { get; private set; } = "";
    public string Next { get; private set; } = "";
    public string? Reference { get; private set; }
    public string? Back { get; private set; }

    public void OnGet()
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var refusal = HttpContext.Items[ErrorResponses.RefusalKey] as ErrorResponses.Refusal;
        Status = refusal?.Status ?? StatusCodes.Status404NotFound;
        Response.StatusCode = Status;
        Reference = refusal?.Reference;
        (Title, Sentence, Next) = Texts(Status);
        if (refusal is { Chinese.Length: > 0 }) Sentence = lang.T(refusal.Text);
        Back = WayBack.Referrer(HttpContext, reExecuted is null ? null : reExecuted.OriginalPath + reExecuted.OriginalQueryString);
    }

    private (string Title, string Sentence, string Next) Texts(int status) => status switch
    {
        400 => (lang.T("请求无效", "Bad request"),
            lang.T("提交的内容无法处理：页面可能已过期，例如长时间未操作后才提交表单。", "What was sent could not be handled: the page may have expired, for example a form sent after a long pause."),
            lang.T("请返回上一页，刷新后重新填写并提交。", "Go back, reload the page, and fill in and send the form again.")),
        401 or 403 => (lang.T("无权访问", "Access denied"),
            lang.T("您的账号无权查看此内容或进行此操作。", "Your account may not see this or do this."),
            lang.T("如确需此权限，请联系本辖区的账号管理员。", "If you need to, ask the account administrator of your region.")),
        404 => (lang.T("页面不存在", "Page not found"),
            lang.T("找不到您要的页面或记录：地址可能有误，或它不在您的辖区内。", "The page or record you asked for does not exist, or it is outside your region."),
            lang.T("请检查地址，或从导航栏重新进入。", "Check the address, or start again from the navigation bar.")),
        405 => (lang.T("不支持此操作", "Not allowed here"),
            lang.T("此地址不接受这种请求。", "This address does not accept this kind of request."),
            lang.T("请使用页面上的链接和按钮操作。", "Use the links and buttons on the pages.")),
        409 => (lang.T("数据冲突", "Conflict"),
            lang.T("数据已被他人修改，或当前状态不允许此操作。您的操作未保存。", "The data was changed by someone else, or its state does not allow this. Nothing was saved."),
            lang.T("请返回并刷新页面，查看当前数据后再试。", "Go back and reload the page, check the current data and try again.")),
        413 => (lang.T("内容过大", "Too large"),
            lang.T("提交的内容超过了允许的大小。", "What was sent is larger than allowed."),
            lang.T("请缩小文件或分批提交。", "Send a smaller file, or send it in parts.")),
        429 => (lang.T("请求过于频繁", "Too many requests"),
            lang.T("短时间内的请求过多。", "Too many requests in a short time."),
            lang.T("请稍等片刻再试。", "Wait a moment and try again.")),
        >= 500 => (lang.T("系统出错", "Something went wrong"),
            lang.T("系统处理您的请求时出错，您的操作可能没有完成。", "The system failed while handling your request; what you did may not have been saved."),
            lang.T("请稍后重试。如果问题仍然存在，请把下面的参考编号告诉系统管理员。", "Try again later. If it keeps happening, give the reference below to your system administrator.")),
        _ => (lang.T("请求无法完成", "The request could not be completed"),
            lang.T("系统无法完成此请求。", "The system could not complete this request."),
            lang.T("请返回上一页再试。", "Go back and try again.")),
    };
}
