using Microsoft.AspNetCore.Identity;
using Nimo.Platform.Japanese;

namespace Nimo.Platform.Identity;

/// <summary>
/// Refuses passwords built from the user's own name or from the words everyone here would guess first
/// (ASVS 6.2.4/6.2.11): the product, the field, the municipality.
/// </summary>
public sealed class ContextPasswordValidator : IPasswordValidator<NimoUser>
{
    private static readonly string[] Guessable =
        ["password", "nimo", "seishin", "hoken", "houkatsu", "kyougi", "1234567890", "qwerty", "abcdefg", "精神保健", "にも包括", "保健所", "パスワード"];

    public Task<IdentityResult> ValidateAsync(UserManager<NimoUser> manager, NimoUser user, string? password)
    {
        var key = TextNormalizer.SearchKey(password);
        var errors = new List<IdentityError>();
        if (key.Length > 128)
        {
            errors.Add(new IdentityError { Code = "TooLong", Description = "パスワードは128文字以内にしてください。" });
        }

        var name = TextNormalizer.SearchKey(user.UserName);
        if (name.Length >= 3 && key.Contains(name, StringComparison.Ordinal))
        {
            errors.Add(new IdentityError { Code = "ContainsUserName", Description = "パスワードに利用者名を含めないでください。" });
        }

        var stripped = key;
        foreach (var word in Guessable)
        {
            stripped = stripped.Replace(TextNormalizer.SearchKey(word), "", StringComparison.Ordinal);
        }

        if (stripped.Length < 8)
        {
            errors.Add(new IdentityError { Code = "Guessable", Description = "推測されやすい語句が多すぎます。無関係な単語を組み合わせた長い文にしてください。" });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}
