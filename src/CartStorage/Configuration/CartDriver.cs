namespace CartStorage;

/// <summary>Which backend <c>ICartStorage</c> resolves to (<c>Cart:Driver</c>, env <c>CART_STORAGE_DRIVER</c>).</summary>
public enum CartDriver
{
    /// <summary>Any registered <c>IDistributedCache</c> (Redis in production); the default.</summary>
    Cache,

    /// <summary>ASP.NET Core session (package CartStorage.AspNetCore, <c>.AddSession()</c>).</summary>
    Session,

    /// <summary>A relational table (packages CartStorage.Sqlite / CartStorage.PostgreSql).</summary>
    Database,
}
