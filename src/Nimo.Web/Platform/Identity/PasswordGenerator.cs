namespace Nimo.Platform.Identity;

/// <summary>Initial and reset passwords (the command line, administrators resetting a user).</summary>
public static class PasswordGenerator
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>20 random characters (≈115 bits): long enough that no rotation is required.</summary>
    public static string Generate(int length = 20) =>
        string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
}
