using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
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
        // This accessor is given the value sent (empty), not the field's name: a sentence built on it read 「を入力してください。」.
        // The error summary links the message to its field.
        p.SetValueMustNotBeNullAccessor(_ => "この項目を入力してください。");
        options.ModelMetadataDetailsProviders.Add(new JapaneseValidationMessages());
        options.ModelBinderProviders.Insert(0, new BooleanBinderProvider());
        // jQuery's "a[b]" keys are not used by any form here (no page runs JavaScript), and their parser threw on a field
        // named "x[" while binding, then again while the error page was drawn: the request failed with no page at all.
        options.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
        options.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
    }

    private sealed class BooleanBinderProvider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
            context.Metadata.UnderlyingOrModelType == typeof(bool) ? new BooleanBinder() : null;
    }

    /// <summary>
    /// As the built-in binder, except for what is kept to redraw the form: a checkbox redrawn after "1e3" was posted
    /// for it made the tag helper parse "1e3" as a boolean again, and throw (a 500 instead of the error summary).
    /// The error still quotes what was sent; the value kept for the redraw is false.
    /// </summary>
    private sealed class BooleanBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (result == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            var raw = result.FirstValue?.Trim();
            var metadata = bindingContext.ModelMetadata;
            if (string.IsNullOrEmpty(raw))
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
                if (metadata.IsReferenceOrNullableType)
                {
                    bindingContext.Result = ModelBindingResult.Success(null);
                }
                else
                {
                    bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                        metadata.ModelBindingMessageProvider.ValueMustNotBeNullAccessor(metadata.GetDisplayName()));
                }

                return Task.CompletedTask;
            }

            if (bool.TryParse(raw, out var value))
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
                bindingContext.Result = ModelBindingResult.Success(value);
                return Task.CompletedTask;
            }

            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, false, "false");
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                metadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(raw, metadata.GetDisplayName()));
            return Task.CompletedTask;
        }
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
