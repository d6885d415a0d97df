namespace CartStorage.AspNetCore;

/// <summary>An error the cart API answers itself: its status, problem type, title and, for bad input, the field.</summary>
internal sealed class CartApiException(int status, string type, string title, string? field = null) : Exception(title)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Field { get; } = field;

    public static CartApiException BadInput(string field, string title) => new(400, CartProblemTypes.BadInput, title, field);

    public static CartApiException PreconditionFailed() =>
        new(412, CartProblemTypes.PreconditionFailed, "The cart changed since the version in If-Match; read it again.");
}
