using RecruitSignal.Explanations;

namespace RecruitSignal.Fairness;

/// <summary>Ce que lit la personne chargée de la conformité, en français.</summary>
public sealed class FairnessTextsFr : FairnessTexts
{
    public override string Code => "fr";
    public override string Title => "Comment le signal de présence se répartit entre les groupes";
    public override string About(string employer, string firstDay, string lastDay, string policy) =>
        $"Candidats de {employer} évalués du {firstDay} au {lastDay}, avec la politique de notation {policy}.";
    public override string Purpose =>
        "Ces chiffres viennent des catégories que les candidats ont données volontairement au logiciel de recrutement. Elles n'ont jamais servi à noter qui que ce soit. Ils montrent si le signal retient certains groupes moins souvent que d'autres, comme la loi locale 144 de la ville de New York le mesure. Lisez-les avant de vous fier au signal.";
    public override string Footer(string expiresOn) => $"Ce lien fonctionne jusqu'au {expiresOn}. {NoCookie}";
    public override string NoCookie => "La page ne dépose aucun cookie et ne charge rien d'ailleurs.";

    public override string SampleHeading => "Qui a été compté";
    public override string Sample(long candidates, long unscored, string? median) =>
        (candidates == 0 ? "Aucun candidat n'a d'évaluation notée sur cette période." : $"{candidates} candidats, chacun compté une fois avec sa dernière évaluation de la période ; leur score médian est {median}.")
        + (unscored > 0 ? $" {unscored} autres candidats n'avaient pas de score (non vérifié, refus ou en attente) et ne sont pas comptés." : "");

    public override string FamilyName(string family) => family switch
    {
        CategoryFamilies.Sex => "Sexe",
        CategoryFamilies.RaceEthnicity => "Origine ethnique",
        CategoryFamilies.SexRaceEthnicity => "Sexe et origine ethnique ensemble",
        _ => "Âge",
    };

    // Adjectives agree with the people they qualify: masculine plural for "candidats" and "hommes", feminine for "femmes".
    private static readonly Dictionary<string, (string Masculine, string Feminine)> Races = new()
    {
        ["hispanic_or_latino"] = ("hispaniques ou latinos", "hispaniques ou latinas"),
        ["white"] = ("blancs", "blanches"),
        ["black_or_african_american"] = ("noirs ou afro-américains", "noires ou afro-américaines"),
        ["native_hawaiian_or_other_pacific_islander"] = ("natifs d'Hawaï ou d'autres îles du Pacifique", "natives d'Hawaï ou d'autres îles du Pacifique"),
        ["asian"] = ("asiatiques", "asiatiques"),
        ["american_indian_or_alaska_native"] = ("amérindiens ou natifs d'Alaska", "amérindiennes ou natives d'Alaska"),
        ["two_or_more_races"] = ("de plusieurs origines", "de plusieurs origines"),
    };

    public override string Group(string category) => category.Split(" / ") switch
    {
        ["female"] => "femmes",
        ["male"] => "hommes",
        ["under_40"] => "candidats de moins de 40 ans",
        ["40_and_over"] => "candidats de 40 ans et plus",
        ["female", var race] => Of(race, "femmes", feminine: true),
        [var sex, var race] => Of(race, sex == "male" ? "hommes" : "candidats", feminine: false),
        [var race] => Of(race, "candidats", feminine: false),
        _ => $"candidats « {category} »",
    };

    private static string Of(string race, string people, bool feminine) =>
        Races.TryGetValue(race, out var adjective) ? $"{people} {(feminine ? adjective.Feminine : adjective.Masculine)}" : $"{people} « {race} »";

    public override string MetricName(bool score) => score ? "score au-dessus de la médiane" : "présence professionnelle active";
    public override string ChartTitle(string family, bool score) =>
        $"{FamilyName(family)} : ratio d'impact du {(score ? "score au-dessus de la médiane" : "critère de présence professionnelle active")}";
    public override string FourFifthsLine => "0,8 (règle des quatre cinquièmes)";
    public override string NoCategories(string family) => $"Aucun candidat de l'échantillon n'a donné de catégorie pour : {FamilyName(family).ToLowerInvariant()}. Il n'y a pas de ratio à calculer.";
    public override string UnknownDeclined(long unknown, long declined) => $"Non comptés dans les ratios : {unknown} candidats sans catégorie, {declined} qui ont préféré ne pas répondre.";

    public override string Sentence(bool score, string category, string ratio, string highest) => score
        ? $"Sur cette période, les {Group(category)} ont obtenu un score au-dessus de la médiane {ratio} fois aussi souvent que les {Group(highest)}."
        : $"Sur cette période, une présence active a été constatée chez les {Group(category)} {ratio} fois aussi souvent que chez les {Group(highest)}.";
    public override string Excludable(string category) => $"Les {Group(category)} font moins de 2 % de l'échantillon : un auditeur peut les laisser hors des ratios.";

    public override string Category => "Catégorie";
    public override string Count => "Candidats";
    public override string Share => "Part de l'échantillon";
    public override string Rate => "Taux";
    public override string Ratio => "Ratio d'impact";
    public override string Flag => "Sous 0,8";
    public override string Flagged => "oui";
    public override string NotFlagged => "non";
    public override string ExcludableMark => "(moins de 2 %)";

    public override string DistributionHeading => "Répartition des scores";
    public override string DistributionCaption(string family) => $"{FamilyName(family)} : candidats par tranche de score";
    public override string Band(int band) => band == 4 ? "80-100" : $"{band * 20}-{band * 20 + 19}";

    public override string AgeHeading => "Les candidats plus âgés sont retenus moins souvent";
    public override IReadOnlyList<string> AgeChoices { get; } =
    [
        "Au moins un ratio par âge est sous 0,8. Ne pas avoir de compte X, ou un compte peu actif, est plus fréquent chez les professionnels plus âgés : le signal peut les désavantager (la discrimination par l'âge est interdite, article L1132-1 du Code du travail). Rien n'a été modifié ; voici des choix que l'employeur peut faire :",
        "Ne pas noter l'absence : une politique avec l'absence « not_applicable » (AbsenceTreatment.NotApplicable) ne donne pas de score, au lieu de 0, à un candidat sans compte.",
        "Donner moins de poids à la récence et à la cadence, qui récompensent une publication fréquente, et plus à la pertinence.",
        "N'utiliser le signal que pour ouvrir la conversation, jamais pour classer ou écarter, et faire relire chaque résultat par un recruteur.",
    ];

    public override string MethodHeading => "Comment ces chiffres sont calculés";
    public override string MethodIntro => "La méthode, telle que la réponse des chiffres l'énonce (en anglais) :";

    public override string NotFoundTitle => "Ce lien n'existe pas";
    public override string NotFoundText => "Vérifiez que le lien a été copié en entier, ou demandez-en un nouveau.";
    public override string EndedTitle => "Ce lien a pris fin";
    public override string EndedText => "Il a expiré ou a été révoqué. Demandez-en un nouveau.";

    protected override ExplanationLanguage Words => ExplanationLanguage.French;
    protected override char DecimalSeparator => ',';
}
