namespace CartStorage.AspNetCore;

/// <summary>
/// The <c>type</c> of every RFC 9457 problem the cart API (<c>MapCartApi</c>) answers: one stable URI per error, documented
/// in docs/cart-api.md.
/// </summary>
public static class CartProblemTypes
{
    private const string Base = "https://github.com/cartstorage/CartStorage/blob/main/docs/cart-api.md#";

    /// <summary>400: a body, query value, route value or header is invalid; the problem's <c>field</c> names it.</summary>
    public const string BadInput = Base + "bad-input";

    /// <summary>404: <c>PATCH</c> or <c>DELETE</c> of an item the cart does not hold.</summary>
    public const string ItemNotFound = Base + "item-not-found";

    /// <summary>409: the write would make the cart exceed <c>Cart:Limits:MaxItems</c> or <c>Cart:Limits:MaxDataSizeBytes</c>; the problem's <c>limit</c> names it.</summary>
    public const string LimitExceeded = Base + "limit-exceeded";

    /// <summary>409: the cart kept changing under concurrent writers until the store's retries ran out; try again.</summary>
    public const string Conflict = Base + "conflict";

    /// <summary>409: checkout of a cart without items.</summary>
    public const string EmptyCart = Base + "empty-cart";

    /// <summary>412: <c>If-Match</c> does not name the current cart (it changed, or was removed and created again).</summary>
    public const string PreconditionFailed = Base + "precondition-failed";

    /// <summary>
    /// 415: the request body is not JSON (<c>Content-Type: application/json</c>). A request whose content type is not
    /// JSON is usually refused earlier by ASP.NET Core's routing (the routes declare <c>Accepts</c> JSON for OpenAPI),
    /// with status 415 and the application's own problem details, if it has any.
    /// </summary>
    public const string UnsupportedMediaType = Base + "unsupported-media-type";

    /// <summary>428: checkout without <c>If-Match</c>.</summary>
    public const string PreconditionRequired = Base + "precondition-required";

    /// <summary>500: the stored cart cannot be read (<see cref="CartDataCorruptedException"/>); it is left as it is.</summary>
    public const string Corrupted = Base + "corrupted";

    /// <summary>503 with <c>Retry-After: 1</c>: the cart's lock was not acquired in time (<see cref="CartLockTimeoutException"/>).</summary>
    public const string Busy = Base + "busy";

    /// <summary>503 with <c>Retry-After: 5</c>: the store cannot take the request now (<see cref="CartStorageUnavailableException"/>).</summary>
    public const string Unavailable = Base + "unavailable";
}
