namespace Cart.Storage;

/// <summary>Which backend <c>ICartStorage</c> resolves to (<c>Cart:Driver</c>, env <c>CART_STORAGE_DRIVER</c>).</summary>
public enum CartDriver
{
    /// <summary>Any registered <c>IDistributedCache</c> (Redis in production); the default.</summary>
    Cache,

    /// <summary>ASP.NET Core session (package Cart.Storage.AspNetCore, <c>.AddSession()</c>).</summary>
    Session,

    /// <summary>A relational table (packages Cart.Storage.Sqlite / Cart.Storage.PostgreSql).</summary>
    Database,
}
