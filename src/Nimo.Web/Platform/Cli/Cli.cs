using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Api;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Modules;

namespace Nimo.Platform.Cli;

/// <summary>
/// The command-line face of the same program. Verbs print a result and exit with 0, or print a Japanese
/// message to stderr and exit with 1 (2 for a usage error). The app must not be serving while `restore` runs.
/// </summary>
public static class Cli
{
    private static readonly string[] Verbs = ["token", "backup", "restore", "verify-audit", "user", "migrate"];

    /// <summary>True when the program was started as a verb: one of the platform's own or one a feature module registered (init, export-report, …).</summary>
    public static bool IsVerb(WebApplicationBuilder builder, string[] args) =>
        args.Length > 0 && (Verbs.Contains(args[0]) || builder.Catalog().Verb(args[0]) is not null);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        try
        {
            await PlatformSetup.PrepareDatabaseAsync(app.Services);
            await using var scope = app.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            if (sp.GetRequiredService<FeatureCatalog>().Verb(args[0]) is { } verb)
            {
                return await verb.RunAsync(sp, args);
            }

            return args switch
            {
                ["token", "create", ..] => await TokenCreateAsync(sp, args),
                ["token", "list", ..] => await TokenListAsync(sp, args),
                ["token", "revoke", ..] => await TokenRevokeAsync(sp, args),
                ["backup", ..] => await BackupAsync(sp, Option(args, "--out") ?? throw new UsageException("backup --out FILE")),
                ["restore", ..] => await RestoreAsync(sp, Option(args, "--from") ?? throw new UsageException("restore --from FILE")),
                ["verify-audit", ..] => await VerifyAuditAsync(sp),
                ["user", "create", ..] => await UserCreateAsync(sp, args),
                ["migrate", ..] => 0,
                _ => throw new UsageException(string.Join(" | ", ["token create --user NAME [--days 1〜365] | token list --user NAME | token revoke --id ID | token revoke --user NAME --all | backup --out FILE | restore --from FILE | verify-audit | user create --name NAME --role ROLE --org ID | migrate",
                    .. sp.GetRequiredService<FeatureCatalog>().Verbs.Select(v => v.Usage)])),
            };
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync("使い方: Nimo.Web " + e.Message);
            return 2;
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (AuditKeyException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    /// <summary>The value after <paramref name="name"/> (<c>--out FILE</c>), for every verb, a module's too.</summary>
    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static async Task<int> TokenCreateAsync(IServiceProvider sp, string[] args)
    {
        var usage = $"token create --user NAME [--name LABEL] [--days 1〜{ApiTokens.MaxDays}]";
        var userName = Option(args, "--user") ?? throw new UsageException(usage);
        var days = 90;
        if (Option(args, "--days") is { } text
            && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out days) || days is < 1 or > ApiTokens.MaxDays))
        {
            throw new UsageException(usage + $"(有効期限は1〜{ApiTokens.MaxDays}日で指定してください)");
        }

        var db = sp.GetRequiredService<NimoDbContext>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == userName) ?? throw new CliException($"利用者「{userName}」は存在しません。");
        if (user.IsDisabled)
        {
            throw new CliException($"利用者「{userName}」は停止されています。");
        }

        var now = clock.GetUtcNow();
        var (row, token) = ApiTokens.Issue(user, Option(args, "--name") ?? "CLI", now, now.AddDays(days));
        db.ApiTokens.Add(row);
        sp.GetRequiredService<AuditLog>().Add(AuditActions.ApiTokenCreated, "ApiToken", row.Prefix, userId: user.Id, userName: "cli", detail: $"for {userName}, {days} days");
        await db.SaveChangesAsync();
        Console.WriteLine($"# {userName} のAPIトークン(有効期限 {days}日、ID {row.Id}、接頭辞 {row.Prefix})。この1回しか表示されません。");
        Console.WriteLine(token);
        return 0;
    }

    /// <summary>A user's tokens, live or not: id, prefix (the token's first 12 characters), label, dates and state; never the token.</summary>
    private static async Task<int> TokenListAsync(IServiceProvider sp, string[] args)
    {
        var userName = Option(args, "--user") ?? throw new UsageException("token list --user NAME");
        var db = sp.GetRequiredService<NimoDbContext>();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == userName) ?? throw new CliException($"利用者「{userName}」は存在しません。");
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == user.Id).OrderBy(t => t.Id).ToListAsync();
        if (tokens.Count == 0)
        {
            Console.WriteLine($"# {userName} のAPIトークンはありません。");
            return 0;
        }

        static string Day(DateTimeOffset? t) => t is { } v ? Japanese.JapanTime.ToJst(v).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "-";
        Console.WriteLine("ID\t接頭辞\t名前\t発行\t期限\t最終利用\t状態");
        foreach (var t in tokens)
        {
            Console.WriteLine(string.Join('\t', t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Prefix, t.Name, Day(t.CreatedAt),
                Day(ApiTokens.EffectiveExpiry(t.CreatedAt, t.ExpiresAt)), Day(t.LastUsedAt), ApiTokens.StateLabel(t, now) + (t.RevokedAt is { } r ? $"({Day(r)})" : "")));
        }

        return 0;
    }

    private static async Task<int> TokenRevokeAsync(IServiceProvider sp, string[] args)
    {
        const string usage = "token revoke --id ID | token revoke --user NAME --all";
        var db = sp.GetRequiredService<NimoDbContext>();
        var audit = sp.GetRequiredService<AuditLog>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        if (Option(args, "--id") is { } idText)
        {
            var id = int.TryParse(idText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : throw new UsageException(usage);
            var token = await db.ApiTokens.Include(t => t.User).SingleOrDefaultAsync(t => t.Id == id) ?? throw new CliException($"ID {id} のAPIトークンはありません。");
            if (token.RevokedAt is not null)
            {
                Console.WriteLine($"APIトークン {token.Prefix}(ID {id})は既に失効しています。");
                return 0;
            }

            token.RevokedAt = now;
            audit.Add(AuditActions.ApiTokenRevoked, "ApiToken", token.Prefix, userId: token.UserId, userName: "cli", detail: $"for {token.User.UserName}");
            await db.SaveChangesAsync();
            Console.WriteLine($"{token.User.UserName} のAPIトークン {token.Prefix}(ID {id}、{token.Name})を失効させました。");
            return 0;
        }

        if (Option(args, "--user") is { } userName && args.Contains("--all"))
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == userName) ?? throw new CliException($"利用者「{userName}」は存在しません。");
            var count = await ApiTokens.RevokeAllAsync(db, user.Id, now);
            await audit.WriteAsync(AuditActions.ApiTokenRevoked, "User", user.Id, userName: "cli", detail: $"all {count} tokens of {userName}: CLI");
            Console.WriteLine($"{userName} の有効なAPIトークン{count}件を失効させました。");
            return 0;
        }

        throw new UsageException(usage);
    }

    private static async Task<int> UserCreateAsync(IServiceProvider sp, string[] args)
    {
        var name = Option(args, "--name") ?? throw new UsageException("user create --name NAME --role ROLE --org ORGANIZATION_ID [--display TEXT]");
        var role = Option(args, "--role") ?? Roles.Admin;
        if (!Roles.All.Contains(role))
        {
            throw new CliException($"役割「{role}」はありません。次のいずれか: {string.Join(", ", Roles.All)}");
        }

        var db = sp.GetRequiredService<NimoDbContext>();
        var orgId = int.TryParse(Option(args, "--org"), out var o) ? o : throw new UsageException("user create --name NAME --role ROLE --org ORGANIZATION_ID");
        if (!await db.Organizations.AnyAsync(x => x.Id == orgId))
        {
            throw new CliException($"機関ID {orgId} は存在しません。");
        }

        var password = await CreateUserAsync(sp, name, Option(args, "--display") ?? name, role, orgId);
        Console.WriteLine($"# 利用者「{name}」を作成しました。初回ログイン後、二要素認証の設定が求められます。初期パスワード:");
        Console.WriteLine(password);
        return 0;
    }

    /// <summary>Creates a user with a generated password (returned, to be printed last) and audits it; a module's verb may use it (init).</summary>
    public static async Task<string> CreateUserAsync(IServiceProvider sp, string name, string displayName, string role, int organizationId)
    {
        var users = sp.GetRequiredService<UserManager<NimoUser>>();
        var password = PasswordGenerator.Generate();
        var user = new NimoUser { UserName = name, DisplayName = displayName, OrganizationId = organizationId, CreatedAt = sp.GetRequiredService<TimeProvider>().GetUtcNow() };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, role);
        }

        if (!result.Succeeded)
        {
            throw new CliException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await sp.GetRequiredService<AuditLog>().WriteAsync(AuditActions.UserCreated, "User", user.Id, userName: "cli", detail: role);
        return password;
    }

    private static async Task<int> VerifyAuditAsync(IServiceProvider sp)
    {
        var db = sp.GetRequiredService<NimoDbContext>();
        var result = await AuditLog.VerifyAsync(db);
        Console.WriteLine(result.Message);
        return result.Intact ? 0 : 1;
    }

    private static async Task<int> BackupAsync(IServiceProvider sp, string file)
    {
        var db = sp.GetRequiredService<NimoDbContext>();
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            if (File.Exists(full))
            {
                File.Delete(full);
            }

            // The online backup API copies a consistent snapshot, including what is still in the -wal file.
            await using var source = new SqliteConnection(db.Database.GetConnectionString());
            await source.OpenAsync();
            await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString()))
            {
                await target.OpenAsync();
                source.BackupDatabase(target);
                await CheckIntegrityAsync(target);
            }
        }
        else
        {
            await RunPgToolAsync("pg_dump", db.Database.GetConnectionString()!, ["-Fc", "--no-owner", "-f", full]);
        }

        await sp.GetRequiredService<AuditLog>().WriteAsync(AuditActions.Backup, detail: Path.GetFileName(full));
        Console.WriteLine($"バックアップを作成しました: {full} ({new FileInfo(full).Length:N0} バイト)");
        return 0;
    }

    private static async Task<int> RestoreAsync(IServiceProvider sp, string file)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full))
        {
            throw new CliException($"バックアップファイル {full} がありません。");
        }

        var db = sp.GetRequiredService<NimoDbContext>();
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await source.OpenAsync();
            await CheckIntegrityAsync(source);
            await using var target = new SqliteConnection(db.Database.GetConnectionString());
            await target.OpenAsync();
            source.BackupDatabase(target);
            SqliteConnection.ClearAllPools();
        }
        else
        {
            await RunPgToolAsync("pg_restore", db.Database.GetConnectionString()!, ["--clean", "--if-exists", "--no-owner", "--single-transaction", full]);
        }

        // The restored chain must still verify before anything is appended to it. A backup ends before the anchors written
        // since: those entries are what the restore gives up. That is said, and the restored head becomes the new reference.
        await using var fresh = sp.CreateAsyncScope();
        var restored = fresh.ServiceProvider.GetRequiredService<NimoDbContext>();
        await DatabaseSetup.MigrateAsync(restored);
        var chain = fresh.ServiceProvider.GetRequiredService<AuditChain>();
        var verification = await AuditLog.VerifyAsync(restored);
        var lost = "";
        if (!verification.Intact && verification.CutShort)
        {
            var head = await restored.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).FirstAsync();
            var keyedFrom = await restored.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.AuditChainKeyed).MinAsync(a => a.Sequence);
            lost = $"({verification.Message} バックアップ以降の記録は失われました。復元した末尾(連番{head.Sequence})を新しい基準としてアンカーに記録しました。)";
            chain.AnchorRestore(head.Sequence, head.Hash, keyedFrom);
            verification = await AuditLog.VerifyAsync(restored);
        }

        await fresh.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(AuditActions.Restore, detail: Path.GetFileName(full) + (lost.Length > 0 ? " " + lost : ""),
            outcome: verification.Intact ? AuditOutcome.Success : AuditOutcome.Failure);
        Console.WriteLine($"リストアしました: {full}。{verification.Message}{lost}");
        return verification.Intact ? 0 : 1;
    }

    private static async Task CheckIntegrityAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var result = (string?)await command.ExecuteScalarAsync();
        if (result != "ok")
        {
            throw new CliException($"データベースの整合性検査に失敗しました: {result}");
        }
    }

    private static async Task RunPgToolAsync(string tool, string connectionString, IEnumerable<string> extra)
    {
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", cs.Host ?? "localhost", "-p", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", cs.Username ?? "postgres", "-d", cs.Database ?? "postgres" }.Concat(extra))
        {
            psi.ArgumentList.Add(a);
        }

        if (!string.IsNullOrEmpty(cs.Password))
        {
            psi.Environment["PGPASSWORD"] = cs.Password;
        }

        using var process = Process.Start(psi) ?? throw new CliException($"{tool} を起動できません。PostgreSQL のクライアントを導入してください。");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new CliException($"{tool} が失敗しました(終了コード {process.ExitCode}): {error.Trim()}");
        }
    }

    /// <summary>Thrown by a verb (a module's too) for a wrong call: the usage is printed and the exit code is 2.</summary>
    public sealed class UsageException(string message) : Exception(message);

    /// <summary>Thrown by a verb (a module's too) with a Japanese message for the operator: exit code 1.</summary>
    public sealed class CliException(string message) : Exception(message);
}
