using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Api;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Modules;
using Nimo.Platform.Scoping;

namespace Nimo.Platform.Cli;

/// <summary>
/// The command-line face of the same program. Verbs print a result and exit with 0, or print a Japanese
/// message to stderr and exit with 1 (2 for a usage error). The app must not be serving while `restore` runs.
/// </summary>
public static class Cli
{
    private static readonly string[] Verbs = ["init", "token", "backup", "restore", "verify-audit", "user", "migrate", "export-report"];

    /// <summary>True when the program was started as a verb: one of the platform's own or one a feature module registered.</summary>
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
                ["init", ..] => await InitAsync(sp, args),
                ["token", "create", ..] => await TokenCreateAsync(sp, args),
                ["token", "list", ..] => await TokenListAsync(sp, args),
                ["token", "revoke", ..] => await TokenRevokeAsync(sp, args),
                ["backup", ..] => await BackupAsync(sp, Option(args, "--out") ?? throw new UsageException("backup --out FILE")),
                ["restore", ..] => await RestoreAsync(sp, Option(args, "--from") ?? throw new UsageException("restore --from FILE")),
                ["verify-audit", ..] => await VerifyAuditAsync(sp),
                ["user", "create", ..] => await UserCreateAsync(sp, args),
                ["migrate", ..] => 0,
                ["export-report", ..] => await ExportReportAsync(sp, args),
                _ => throw new UsageException(string.Join(" | ", ["init --prefecture NAME --org NAME --admin NAME | token create --user NAME [--days 1〜365] | token list --user NAME | token revoke --id ID | token revoke --user NAME --all | backup --out FILE | restore --from FILE | verify-audit | user create --name NAME --role ROLE --org ID | migrate | export-report --region CODE --year FY --format xlsx|html --out FILE",
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

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>
    /// The standard report sheet of one region and 年度, written from the data as .xlsx or as a standalone A4 HTML file
    /// (the page's own renderer and stylesheet), for scheduled jobs and for offices that file the sheet by mail.
    /// </summary>
    private static async Task<int> ExportReportAsync(IServiceProvider sp, string[] args)
    {
        const string usage = "export-report --region CODE --year FY --format xlsx|html --out FILE";
        var code = Option(args, "--region") ?? throw new UsageException(usage);
        var format = Option(args, "--format") ?? "xlsx";
        var output = Option(args, "--out") ?? throw new UsageException(usage);
        if (!int.TryParse(Option(args, "--year"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            || !Japanese.FiscalYear.IsSupported(year) || format is not ("xlsx" or "html"))
        {
            throw new UsageException(usage + "(年度は西暦の開始年: 令和6年度なら 2024)");
        }

        var db = sp.GetRequiredService<NimoDbContext>();
        var region = await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Code == code)
            ?? throw new CliException($"団体コード {code} の地域がありません。");
        var clock = sp.GetRequiredService<TimeProvider>();
        // The command line runs with the server's own authority, like backup: whoever can run it can read the database. Counts
        // of personal records still print as for anyone outside their owning organisation (ADR 0005): the file travels.
        var scope = new UserScope("cli", "export-report", Roles.Admin, 0, "", 0, "", "/", [], twoFactorEnabled: true);
        var suppressBelow = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.Clients.PrivacyOptions>>().Value.SuppressBelow;
        var sheet = await Features.Plans.ReportSheet.BuildAsync(db, sp.GetServices<Modules.ILiveCountSource>(), region, year, scope, Japanese.JapanTime.Today(clock), suppressBelow, CancellationToken.None);
        if (format == "xlsx")
        {
            await File.WriteAllBytesAsync(output, Features.Plans.SheetXlsx.Write([sheet]));
        }
        else
        {
            // The app's own encoder: Japanese as UTF-8 text, like the pages, not as &#x…; references.
            var encoder = sp.GetRequiredService<System.Text.Encodings.Web.HtmlEncoder>();
            await File.WriteAllTextAsync(output, Features.Plans.SheetHtml.Document(sheet, encoder), new System.Text.UTF8Encoding(false));
        }

        var audit = sp.GetRequiredService<AuditLog>();
        await audit.WriteAsync(AuditActions.Export, "ReportSheet", region.Id, detail: $"CLI {region.Name} {sheet.YearText} {format} → {Path.GetFileName(output)}");
        Console.WriteLine($"{region.Name} {sheet.YearText} の報告様式を {output} に書き出しました。");
        return 0;
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

    private static async Task<string> CreateUserAsync(IServiceProvider sp, string name, string displayName, string role, int organizationId)
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

    /// <summary>
    /// First start of a real installation: the prefecture, the administrators' organisation and the first
    /// administrator. Refused once anyone exists, so it cannot be used to mint a second way in.
    /// </summary>
    private static async Task<int> InitAsync(IServiceProvider sp, string[] args)
    {
        const string usage = "init --prefecture 都道府県名またはコード --org 機関名 --admin 利用者名";
        var prefectureText = Option(args, "--prefecture") ?? throw new UsageException(usage);
        var orgName = Option(args, "--org") ?? throw new UsageException(usage);
        var adminName = Option(args, "--admin") ?? throw new UsageException(usage);
        var db = sp.GetRequiredService<NimoDbContext>();
        if (await db.Users.AnyAsync())
        {
            throw new CliException("すでに利用者がいるため init は使えません。利用者の追加は user create か管理画面で行ってください。");
        }

        var (code, name, kana) = Features.Regions.Prefectures.Find(prefectureText)
            ?? throw new CliException($"都道府県「{prefectureText}」が見つかりません。「埼玉県」や「110001」のように指定してください。");
        var prefecture = await db.Regions.SingleOrDefaultAsync(r => r.Code == code);
        if (prefecture is null)
        {
            prefecture = Features.Regions.Region.Create(code, name, kana, Features.Regions.RegionKind.Prefecture, Features.Regions.MunicipalityFlags.None, null);
            db.Regions.Add(prefecture);
        }

        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.RegionId == prefecture.Id && o.Name == orgName);
        if (organization is null)
        {
            organization = Features.Organizations.Organization.Create(orgName, "", Features.Organizations.OrganizationKind.LocalGovernment, prefecture);
            db.Organizations.Add(organization);
        }

        await db.SaveChangesAsync();
        var password = await CreateUserAsync(sp, adminName, adminName, Roles.Admin, organization.Id);
        Console.WriteLine($"# {name}({code})と「{orgName}」を登録し、システム管理者「{adminName}」を作成しました。");
        Console.WriteLine("# 初回ログイン後に二要素認証を設定してください。初期パスワード:");
        Console.WriteLine(password);
        return 0;
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
