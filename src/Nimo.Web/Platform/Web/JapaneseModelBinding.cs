using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Nimo.Platform.Web;

/// <summary>Model-binding and validation messages (a letter in a number field, a missing value, a text too long) in Japanese.</summary>
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
        options.ModelMetadataDetailsProviders.Add(new JapaneseValidationMessages());
    }

    /// <summary>
    /// The attributes' own messages are English ("The field 氏名 must be a string with a maximum length of 100.");
    /// a request that bypasses the form's maxlength would show them. Attributes without a message get a Japanese one.
    /// </summary>
    private sealed class JapaneseValidationMessages : IValidationMetadataProvider
    {
        public void CreateValidationMetadata(ValidationMetadataProviderContext context)
        {
            foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
            {
                if (attribute.ErrorMessage is not null || attribute.ErrorMessageResourceName is not null)
                {
                    continue;
                }

                attribute.ErrorMessage = attribute switch
                {
                    StringLengthAttribute { MinimumLength: > 0 } => "{0}は{2}〜{1}文字で入力してください。",
                    StringLengthAttribute => "{0}は{1}文字以内で入力してください。",
                    RangeAttribute => "{0}は{1}〜{2}の範囲で入力してください。",
                    RequiredAttribute => "{0}を入力してください。",
                    _ => attribute.ErrorMessage,
                };
            }
        }
    }
}
