using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Authentication;

namespace Nimo.Platform.Identity;

/// <summary>
/// The sign-in cookie's format, remembering what each cookie decrypted to for a few minutes. The cookie holds only the
/// session id (the ticket lives in <see cref="DbTicketStore"/>), so the same cookie always decrypts to the same id, and
/// whether that session is still alive is decided afterwards by the store: remembering the decryption does not keep a
/// revoked session alive. Decrypting the cookie (data protection derives a key per payload) was the largest single cost
/// left on a signed-in page once the session row was remembered (bench/run.sh, 「authenticated empty page」).
/// </summary>
public sealed class RememberedCookieFormat(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<string, (byte[] Ticket, long ReadAt)> _remembered = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText))
        {
            return null;
        }

        var key = purpose is null ? protectedText : purpose + "\n" + protectedText;
        if (_remembered.TryGetValue(key, out var hit) && Stopwatch.GetElapsedTime(hit.ReadAt) < Lifetime)
        {
            // A fresh ticket object each time: the cookie handler may add to or replace the principal of the one it gets.
            return TicketSerializer.Default.Deserialize(hit.Ticket);
        }

        var ticket = inner.Unprotect(protectedText, purpose);
        if (ticket is not null)
        {
            if (_remembered.Count >= MaxEntries)
            {
                _remembered.Clear();
            }

            _remembered[key] = (TicketSerializer.Default.Serialize(ticket), Stopwatch.GetTimestamp());
        }

        return ticket;
    }
}
