using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Nimo.Features;

/// <summary>Generic Japanese error page: never a stack trace or an exception message (ASVS 16.5.1).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IConfiguration configuration) : PageModel
{
    public int Code { get; private set; }

    /// <summary>The error happened on a residents' page (or on a Public instance): it is shown in their layout, without staff links.</summary>
    public bool IsPublic =>
        Platform.Web.Surfaces.Of(configuration) == Platform.Web.Surface.Public
        || (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>()?.Path ?? "")
            .StartsWith("/public", StringComparison.OrdinalIgnoreCase);

    // The code comes from the query only: a re-executed POST whose body could not be read (a NUL in the form,
    // say) must not fail again here while binding.
    public void OnGet([FromQuery] int? code) => Code = code ?? FromHandler();

    public void OnPost([FromQuery] int? code) => Code = code ?? FromHandler();

    /// <summary>After an exception the handler has already set the status it chose (413 for a body over the limit).</summary>
    private int FromHandler() => Response.StatusCode is >= 400 and < 600 ? Response.StatusCode : 500;

    public string Heading => Code switch
    {
        400 => "リクエストを処理できませんでした",
        403 => "権限がありません",
        404 => "ページが見つかりません",
        405 => "この操作はできません",
        413 => "ファイルが大きすぎます",
        429 => "操作が多すぎます",
        _ => "エラーが発生しました",
    };

    public string Explanation => Code switch
    {
        400 => "入力内容または画面の有効期限に問題があります。前の画面に戻り、ページを読み込み直してからやり直してください。",
        403 => "この記録を表示・変更する権限がありません。",
        404 => "URL が正しいか確認してください。記録が削除されたか、表示する権限がない可能性があります。",
        413 => $"送信できるファイルの大きさは{Platform.Csv.CsvFile.MaxBytes / 1024 / 1024}MBまでです。ファイルを分けるか小さくしてから、もう一度送信してください。",
        429 => "しばらく待ってからやり直してください。",
        _ => "処理中に問題が発生しました。時間をおいてやり直してください。続く場合はシステム管理者に連絡してください。",
    };
}
