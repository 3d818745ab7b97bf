using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;

namespace Nimo.Features.Forums;

public enum ForumLayer { Prefecture, Area, Municipality }

public enum ForumKind { Main, Subcommittee, Section, CoreMembers, WorkingGroup, Secretariat, Liaison, Other }

public enum ForumStatus { Established, Preparing }

public enum MemberRole { Chair, ViceChair, Member, Secretariat, Observer, Adviser }

public enum Sector { Health, Medical, Welfare, Care, Housing, Person, Family, Peer, Education, Government, Other }

public static class ForumLabels
{
    public static readonly IReadOnlyDictionary<ForumLayer, string> Layers = new Dictionary<ForumLayer, string>
    {
        [ForumLayer.Prefecture] = "都道府県", [ForumLayer.Area] = "障害保健福祉圏域・保健所圏域", [ForumLayer.Municipality] = "市町村",
    };

    public static readonly IReadOnlyDictionary<ForumKind, string> Kinds = new Dictionary<ForumKind, string>
    {
        [ForumKind.Main] = "協議の場", [ForumKind.Subcommittee] = "部会", [ForumKind.Section] = "分科会", [ForumKind.CoreMembers] = "コアメンバー会議",
        [ForumKind.WorkingGroup] = "ワーキンググループ", [ForumKind.Secretariat] = "事務局会議", [ForumKind.Liaison] = "連絡会", [ForumKind.Other] = "その他",
    };

    public static readonly IReadOnlyDictionary<MemberRole, string> Roles = new Dictionary<MemberRole, string>
    {
        [MemberRole.Chair] = "委員長", [MemberRole.ViceChair] = "副委員長", [MemberRole.Member] = "委員", [MemberRole.Secretariat] = "事務局",
        [MemberRole.Observer] = "オブザーバー", [MemberRole.Adviser] = "アドバイザー",
    };

    public static readonly IReadOnlyDictionary<Sector, string> Sectors = new Dictionary<Sector, string>
    {
        [Sector.Health] = "保健", [Sector.Medical] = "医療", [Sector.Welfare] = "福祉", [Sector.Care] = "介護", [Sector.Housing] = "住まい",
        [Sector.Person] = "当事者", [Sector.Family] = "家族", [Sector.Peer] = "ピア", [Sector.Education] = "教育", [Sector.Government] = "行政", [Sector.Other] = "その他",
    };
}

/// <summary>A 協議の場 or one of its sub-bodies. <see cref="Parent"/> is the forum above: the main forum of a sub-body, or
/// the next layer up (市町村 → 圏域 → 都道府県); regional issues escalate along it.</summary>
public sealed class Forum : IVersioned
{
    private readonly List<ForumMember> _members = [];

    private Forum()
    {
    }

    public int Id { get; private set; }
    public int RegionId { get; private set; }
    public Region Region { get; private set; } = null!;
    public ForumLayer Layer { get; private set; }
    public ForumKind Kind { get; private set; }
    public int? ParentId { get; private set; }
    public Forum? Parent { get; private set; }
    public string Name { get; private set; } = "";
    public string? Purpose { get; private set; }
    public int? SecretariatOrganizationId { get; private set; }
    public Organization? SecretariatOrganization { get; private set; }
    /// <summary>開催頻度 as written (「年2回」「未定」).</summary>
    public string? FrequencyText { get; private set; }
    /// <summary>The same, normalised to meetings per year; null for 未定 and the like.</summary>
    public decimal? MeetingsPerYear { get; private set; }
    public ForumStatus Status { get; private set; }
    /// <summary>実施内容 for the report sheet's §7.</summary>
    public string? Activities { get; private set; }
    /// <summary>特記事項(課題・強み等).</summary>
    public string? Notes { get; private set; }
    public Guid Version { get; set; }
    public IReadOnlyList<ForumMember> Members => _members;

    public string KindLabel => ForumLabels.Kinds[Kind];
    public string LayerLabel => ForumLabels.Layers[Layer];

    public static ForumLayer LayerOf(Region region) => region.Kind switch
    {
        RegionKind.Prefecture => ForumLayer.Prefecture,
        RegionKind.HealthArea => ForumLayer.Area,
        _ => ForumLayer.Municipality,
    };

    public static Forum Create(Region region, string name, ForumKind kind, Forum? parent)
    {
        var forum = new Forum { Region = region, RegionId = region.Id, Layer = LayerOf(region) };
        forum.Update(name, kind, parent, null, null, null, ForumStatus.Established, null, null);
        return forum;
    }

    public void Update(string name, ForumKind kind, Forum? parent, string? purpose, Organization? secretariat, string? frequencyText,
        ForumStatus status, string? activities, string? notes)
    {
        name = name.Trim();
        if (name.Length is 0 or > 200)
        {
            throw new DomainRuleException("名称は1〜200文字で入力してください。");
        }

        CheckParent(parent);
        Name = name;
        Kind = kind;
        Parent = parent;
        ParentId = parent?.Id;
        Purpose = TextField.Optional(purpose, TextLength.Note, "目的");
        SecretariatOrganization = secretariat;
        SecretariatOrganizationId = secretariat?.Id;
        FrequencyText = TextField.Optional(frequencyText, TextLength.Phrase, "開催頻度");
        MeetingsPerYear = Frequency.PerYear(FrequencyText);
        Status = status;
        Activities = TextField.Optional(activities, TextLength.Section, "実施内容");
        Notes = TextField.Optional(notes, TextLength.Section, "特記事項");
    }

    public ForumMember AddMember(Organization? organization, string? name, MemberRole role, Sector sector, DateOnly? termStart, DateOnly? termEnd, string? userId)
    {
        var member = ForumMember.Create(this, organization, name, role, sector, termStart, termEnd, userId);
        _members.Add(member);
        return member;
    }

    public bool RemoveMember(ForumMember member) => _members.Remove(member);

    /// <summary>
    /// Puts the forum under <paramref name="parent"/> (or under none). Whether the parent agreed is the caller's business:
    /// an accepted <see cref="JoinRequest"/>, or the same secretariat running both.
    /// </summary>
    internal void AttachTo(Forum? parent)
    {
        CheckParent(parent);
        Parent = parent;
        ParentId = parent?.Id;
    }

    /// <summary>The chain above <paramref name="parent"/> must be loaded, so that a loop can be refused.</summary>
    internal void CheckParent(Forum? parent)
    {
        if (parent is null)
        {
            return;
        }

        // The chain above may not come back to this forum.
        for (var p = parent; p is not null; p = p.Parent)
        {
            if (p == this || (Id != 0 && p.Id == Id))
            {
                throw new DomainRuleException("上位の協議の場に、この協議の場自身やその下位を選ぶことはできません。");
            }
        }

        // Same layer (a sub-body's main forum) or higher; a 中核市 may sit directly under the prefecture's forum.
        if (parent.Layer > Layer)
        {
            throw new DomainRuleException("上位の協議の場は、同じ階層(部会などの親)か、上の階層(市町村 → 圏域 → 都道府県)から選んでください。");
        }
    }

}

/// <summary>A 構成員: an organisation, a person, or both (a person from an organisation), with role, sector and term.</summary>
public sealed class ForumMember : IVersioned
{
    private ForumMember()
    {
    }

    public int Id { get; private set; }
    public int ForumId { get; private set; }
    public int? OrganizationId { get; private set; }
    public Organization? Organization { get; private set; }
    /// <summary>A person's name or, without an organisation record, the body's name as the sheet writes it (「家族会」).</summary>
    public string? Name { get; private set; }
    /// <summary>The Nimo user this member is, when they have an account: members see their forums and 構成員限り minutes.</summary>
    public string? UserId { get; private set; }
    public MemberRole Role { get; private set; }
    public Sector Sector { get; private set; }
    public DateOnly? TermStart { get; private set; }
    public DateOnly? TermEnd { get; private set; }
    public Guid Version { get; set; }

    public string DisplayName => Organization is null ? Name ?? "" : Name is null ? Organization.Name : $"{Name}({Organization.Name})";

    internal static ForumMember Create(Forum forum, Organization? organization, string? name, MemberRole role, Sector sector, DateOnly? termStart, DateOnly? termEnd, string? userId)
    {
        var member = new ForumMember { ForumId = forum.Id };
        member.Update(organization, name, role, sector, termStart, termEnd, userId);
        return member;
    }

    public void Update(Organization? organization, string? name, MemberRole role, Sector sector, DateOnly? termStart, DateOnly? termEnd, string? userId)
    {
        name = TextField.Optional(name, TextLength.Title, "氏名(団体名)");
        if (organization is null && name is null)
        {
            throw new DomainRuleException("構成員には機関か氏名(団体名)のどちらかが必要です。");
        }

        if (termStart is DateOnly s && termEnd is DateOnly e && e < s)
        {
            throw new DomainRuleException("任期の終わりが始まりより前になっています。");
        }

        Organization = organization;
        OrganizationId = organization?.Id;
        Name = name;
        Role = role;
        Sector = sector;
        TermStart = termStart;
        TermEnd = termEnd;
        UserId = string.IsNullOrWhiteSpace(userId) ? null : userId;
    }

    public bool ServesOn(DateOnly day) => (TermStart is null || TermStart <= day) && (TermEnd is null || day <= TermEnd);
}
