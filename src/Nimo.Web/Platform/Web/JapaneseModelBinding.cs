using Microsoft.AspNetCore.Mvc;

namespace Nimo.Platform.Web;

/// <summary>Model-binding messages (a letter in a number field, a missing value) in Japanese.</summary>
public static class JapaneseModelBinding
{
    public static void Apply(MvcOptions options)
    {
        var p = options.ModelBindingMessageProvider;
        p.SetAttemptedValueIsInvalidAccessor((value, field) => $"「{value}」は{field}として正しくありません。");
        p.SetMissingBindRequiredValueAccessor(field => $"{field}を入力してください。");
        p.SetMissingKeyOrValueAccessor(() => "値を入力してください。");
        p.SetMissingRequestBodyRequiredValueAccessor(() => "送信された内容が空です。");
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"「{value}」は正しくありません。");
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => "入力が正しくありません。");
        p.SetNonPropertyValueMustBeANumberAccessor(() => "数値を入力してください。");
        p.SetUnknownValueIsInvalidAccessor(field => $"{field}の入力が正しくありません。");
        p.SetValueIsInvalidAccessor(value => $"「{value}」は正しくありません。");
        p.SetValueMustBeANumberAccessor(field => $"{field}には数値を入力してください。");
        p.SetValueMustNotBeNullAccessor(field => $"{field}を入力してください。");
    }
}
