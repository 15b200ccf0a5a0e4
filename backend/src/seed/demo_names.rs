//! Names and places of the demo province (see `demo.rs`): the 14 organisations directly
//! under the province before 1/7/2025, their communes and wards, the organisations of the
//! four blocs, village names, and personal names by ethnic group.
//!
//! Place names are real Điện Biên names as far as known (communes and wards of the districts
//! before the 2025 reform); agency, unit and village names are plausible, not an import of
//! the real register. Personal names are generated from the lists below and belong to no
//! real person.

/// What kind of people a chi bộ holds: decides age, sex, state employment and the like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Chi bộ bản / thôn: villagers, farmers, retirees.
    Village,
    /// Chi bộ tổ dân phố: town residents, many retirees.
    Residential,
    /// Chi bộ cơ quan xã / phường: commune cadres and civil servants.
    CommuneOffice,
    /// Chi bộ quân sự xã: commune military command and militia.
    CommuneMilitary,
    /// Party, state and mass-organisation agencies.
    Agency,
    /// Schools and colleges.
    School,
    /// Hospitals, health centres, clinics.
    Health,
    /// State-owned enterprises and banks.
    Enterprise,
    /// Army units.
    Military,
    /// Police units, including commune police.
    Police,
    /// Border guard units.
    Border,
}

/// A grassroots Party organisation (đảng bộ cơ sở) of a bloc, with the pool its branches are
/// named from.
pub struct BlocGpo {
    pub name: &'static str,
    pub profile: Profile,
    /// Branch names; `min..=max` of them are used, in this order.
    pub branches: &'static [&'static str],
    pub min: usize,
    pub max: usize,
    /// Branch names "{site} {district}" added to the pool, e.g. "Chi bộ Điện lực Tuần Giáo".
    pub site: Option<&'static str>,
    /// Intermediate organisations (đảng bộ bộ phận) with all their branches; when present,
    /// `branches` are the branches directly under the grassroots organisation.
    pub subs: &'static [(&'static str, &'static [&'static str])],
    /// Đảng ủy cơ sở được ủy quyền kết nạp đảng viên.
    pub admission_authority_delegated: bool,
}

/// A district-level organisation before 2025: its communes and wards.
pub struct District {
    /// "huyện", "thành phố", "thị xã".
    pub word: &'static str,
    pub name: &'static str,
    /// "Huyện ủy", "Thành ủy", "Thị ủy".
    pub committee: &'static str,
    /// ("xã" | "phường" | "thị trấn", place name).
    pub communes: &'static [(&'static str, &'static str)],
}

pub const PROVINCE_NAME: &str = "Đảng bộ tỉnh Điện Biên";
pub const PROVINCE_CODE: &str = "DB";

/// The suffix of a replica's tenant names: " (bản sao 3)".
pub const REPLICA_SUFFIX: &str = "bản sao";

/// Province codes of the CCCD (first three digits, where the citizen was registered at
/// birth). The first is Điện Biên; copies of the province use the others.
pub const CCCD_PROVINCE_CODES: [&str; 20] = [
    "011", "001", "002", "004", "006", "008", "010", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031",
];

pub const DISTRICTS: [District; 10] = [
    District {
        word: "thành phố",
        name: "Điện Biên Phủ",
        committee: "Thành ủy",
        communes: &[
            ("phường", "Him Lam"),
            ("phường", "Mường Thanh"),
            ("phường", "Tân Thanh"),
            ("phường", "Thanh Bình"),
            ("phường", "Thanh Trường"),
            ("phường", "Noong Bua"),
            ("phường", "Nam Thanh"),
            ("xã", "Thanh Minh"),
            ("xã", "Tà Lèng"),
            ("xã", "Mường Phăng"),
            ("xã", "Nà Tấu"),
            ("xã", "Pá Khoang"),
        ],
    },
    District {
        word: "thị xã",
        name: "Mường Lay",
        committee: "Thị ủy",
        communes: &[
            ("phường", "Na Lay"),
            ("phường", "Sông Đà"),
            ("xã", "Lay Nưa"),
        ],
    },
    District {
        word: "huyện",
        name: "Điện Biên",
        committee: "Huyện ủy",
        communes: &[
            ("xã", "Thanh Xương"),
            ("xã", "Thanh An"),
            ("xã", "Thanh Chăn"),
            ("xã", "Thanh Hưng"),
            ("xã", "Thanh Luông"),
            ("xã", "Thanh Nưa"),
            ("xã", "Thanh Yên"),
            ("xã", "Noong Hẹt"),
            ("xã", "Noong Luống"),
            ("xã", "Sam Mứn"),
            ("xã", "Pom Lót"),
            ("xã", "Núa Ngam"),
            ("xã", "Hẹ Muông"),
            ("xã", "Na Ư"),
            ("xã", "Mường Pồn"),
            ("xã", "Mường Nhà"),
            ("xã", "Mường Lói"),
            ("xã", "Phu Luông"),
            ("xã", "Na Tông"),
            ("xã", "Hua Thanh"),
            ("xã", "Nà Nhạn"),
            ("xã", "Pa Thơm"),
        ],
    },
    District {
        word: "huyện",
        name: "Điện Biên Đông",
        committee: "Huyện ủy",
        communes: &[
            ("thị trấn", "Điện Biên Đông"),
            ("xã", "Na Son"),
            ("xã", "Keo Lôm"),
            ("xã", "Phình Giàng"),
            ("xã", "Pú Hồng"),
            ("xã", "Xa Dung"),
            ("xã", "Háng Lìa"),
            ("xã", "Tìa Dình"),
            ("xã", "Luân Giói"),
            ("xã", "Mường Luân"),
            ("xã", "Chiềng Sơ"),
            ("xã", "Pú Nhi"),
            ("xã", "Nong U"),
            ("xã", "Phì Nhừ"),
        ],
    },
    District {
        word: "huyện",
        name: "Mường Ảng",
        committee: "Huyện ủy",
        communes: &[
            ("thị trấn", "Mường Ảng"),
            ("xã", "Ẳng Nưa"),
            ("xã", "Ẳng Cang"),
            ("xã", "Ẳng Tở"),
            ("xã", "Búng Lao"),
            ("xã", "Xuân Lao"),
            ("xã", "Mường Đăng"),
            ("xã", "Ngối Cáy"),
            ("xã", "Nặm Lịch"),
            ("xã", "Mường Lạn"),
        ],
    },
    District {
        word: "huyện",
        name: "Tuần Giáo",
        committee: "Huyện ủy",
        communes: &[
            ("thị trấn", "Tuần Giáo"),
            ("xã", "Quài Nưa"),
            ("xã", "Quài Cang"),
            ("xã", "Quài Tở"),
            ("xã", "Chiềng Sinh"),
            ("xã", "Chiềng Đông"),
            ("xã", "Tỏa Tình"),
            ("xã", "Tênh Phông"),
            ("xã", "Pú Nhung"),
            ("xã", "Rạng Đông"),
            ("xã", "Ta Ma"),
            ("xã", "Phình Sáng"),
            ("xã", "Mường Mùn"),
            ("xã", "Pú Xi"),
            ("xã", "Mường Thín"),
            ("xã", "Nà Sáy"),
            ("xã", "Mùn Chung"),
            ("xã", "Nà Tòng"),
            ("xã", "Mường Khong"),
        ],
    },
    District {
        word: "huyện",
        name: "Tủa Chùa",
        committee: "Huyện ủy",
        communes: &[
            ("thị trấn", "Tủa Chùa"),
            ("xã", "Mường Báng"),
            ("xã", "Mường Đun"),
            ("xã", "Tủa Thàng"),
            ("xã", "Huổi Só"),
            ("xã", "Xá Nhè"),
            ("xã", "Sính Phình"),
            ("xã", "Trung Thu"),
            ("xã", "Lao Xả Phình"),
            ("xã", "Tả Phìn"),
            ("xã", "Tả Sìn Thàng"),
            ("xã", "Sín Chải"),
        ],
    },
    District {
        word: "huyện",
        name: "Mường Chà",
        committee: "Huyện ủy",
        communes: &[
            ("thị trấn", "Mường Chà"),
            ("xã", "Sa Lông"),
            ("xã", "Huổi Lèng"),
            ("xã", "Ma Thì Hồ"),
            ("xã", "Mường Tùng"),
            ("xã", "Hừa Ngài"),
            ("xã", "Pa Ham"),
            ("xã", "Nậm Nèn"),
            ("xã", "Huổi Mí"),
            ("xã", "Na Sang"),
            ("xã", "Sá Tổng"),
            ("xã", "Mường Mươn"),
        ],
    },
    District {
        word: "huyện",
        name: "Mường Nhé",
        committee: "Huyện ủy",
        communes: &[
            ("xã", "Mường Nhé"),
            ("xã", "Sín Thầu"),
            ("xã", "Chung Chải"),
            ("xã", "Leng Su Sìn"),
            ("xã", "Mường Toong"),
            ("xã", "Nậm Kè"),
            ("xã", "Pá Mỳ"),
            ("xã", "Quảng Lâm"),
            ("xã", "Huổi Lếch"),
            ("xã", "Nậm Vì"),
            ("xã", "Sen Thượng"),
        ],
    },
    District {
        word: "huyện",
        name: "Nậm Pồ",
        committee: "Huyện ủy",
        communes: &[
            ("xã", "Nà Khoa"),
            ("xã", "Nà Hỳ"),
            ("xã", "Nà Bủng"),
            ("xã", "Nậm Chua"),
            ("xã", "Nậm Nhừ"),
            ("xã", "Nậm Tin"),
            ("xã", "Pa Tần"),
            ("xã", "Chà Cang"),
            ("xã", "Chà Nưa"),
            ("xã", "Chà Tở"),
            ("xã", "Nậm Khăn"),
            ("xã", "Phìn Hồ"),
            ("xã", "Si Pa Phìn"),
            ("xã", "Vàng Đán"),
            ("xã", "Na Cô Sa"),
        ],
    },
];

/// The short names of the ten districts, for branch names such as "Chi bộ Điện lực Tuần Giáo".
pub const DISTRICT_SITES: [&str; 10] = [
    "thành phố Điện Biên Phủ",
    "Mường Lay",
    "Điện Biên",
    "Điện Biên Đông",
    "Mường Ảng",
    "Tuần Giáo",
    "Tủa Chùa",
    "Mường Chà",
    "Mường Nhé",
    "Nậm Pồ",
];

// ---------------------------------------------------------------------------------------
// District level

/// Branches of "Đảng bộ Cơ quan chính quyền {district}".
pub const DISTRICT_GOV_BRANCHES: &[&str] = &[
    "Chi bộ Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
    "Chi bộ Phòng Nội vụ",
    "Chi bộ Phòng Tài chính – Kế hoạch",
    "Chi bộ Phòng Tư pháp",
    "Chi bộ Phòng Nông nghiệp và Phát triển nông thôn",
    "Chi bộ Phòng Tài nguyên và Môi trường",
    "Chi bộ Phòng Văn hóa và Thông tin",
    "Chi bộ Phòng Lao động – Thương binh và Xã hội",
    "Chi bộ Phòng Dân tộc",
    "Chi bộ Phòng Kinh tế và Hạ tầng",
    "Chi bộ Phòng Giáo dục và Đào tạo",
    "Chi bộ Phòng Y tế",
    "Chi bộ Thanh tra",
];

/// Branches of "Đảng bộ Quân sự {district}".
pub const DISTRICT_MILITARY_BRANCHES: &[&str] = &[
    "Chi bộ Chỉ huy",
    "Chi bộ Ban Tham mưu",
    "Chi bộ Ban Chính trị",
    "Chi bộ Ban Hậu cần – Kỹ thuật",
    "Chi bộ Trung đội Dân quân cơ động",
    "Chi bộ Tổ Quân y",
];

/// Grassroots cells of a district's agencies; "{d}" is "huyện Tuần Giáo", "{u}" is
/// "Huyện ủy", "{n}" is "Tuần Giáo".
pub const DISTRICT_AGENCY_CELLS: &[(&str, Profile)] = &[
    ("Chi bộ Văn phòng {u}", Profile::Agency),
    ("Chi bộ Ban Tổ chức {u}", Profile::Agency),
    ("Chi bộ Ủy ban Kiểm tra {u}", Profile::Agency),
    ("Chi bộ Ban Tuyên giáo {u}", Profile::Agency),
    ("Chi bộ Trung tâm Y tế {d}", Profile::Health),
    ("Chi bộ Trường THPT {n}", Profile::School),
    (
        "Chi bộ Cơ quan Mặt trận Tổ quốc và các đoàn thể {d}",
        Profile::Agency,
    ),
    ("Chi bộ Tòa án nhân dân {d}", Profile::Agency),
    ("Chi bộ Viện Kiểm sát nhân dân {d}", Profile::Agency),
    ("Chi bộ Chi cục Thuế {d}", Profile::Agency),
    ("Chi bộ Kho bạc Nhà nước {d}", Profile::Agency),
    (
        "Chi bộ Ngân hàng Chính sách xã hội {d}",
        Profile::Enterprise,
    ),
    ("Chi bộ Bảo hiểm xã hội {d}", Profile::Agency),
    ("Chi bộ Chi cục Thi hành án dân sự {d}", Profile::Agency),
    ("Chi bộ Trung tâm Chính trị {d}", Profile::Agency),
    (
        "Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh {d}",
        Profile::Enterprise,
    ),
    (
        "Chi bộ Trung tâm Văn hóa, Thể thao và Truyền thông {d}",
        Profile::Agency,
    ),
    (
        "Chi bộ Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên {d}",
        Profile::School,
    ),
    ("Chi bộ Ban Quản lý dự án {d}", Profile::Agency),
    ("Chi bộ Hạt Kiểm lâm {d}", Profile::Agency),
    ("Chi bộ Trung tâm Dịch vụ nông nghiệp {d}", Profile::Agency),
    (
        "Chi bộ Trường Phổ thông Dân tộc nội trú THCS và THPT {d}",
        Profile::School,
    ),
];

/// School cells named after a commune: "Chi bộ Trường THCS Thanh Xương". Communes of the
/// uplands have semi-boarding schools for ethnic-minority pupils (PTDTBT).
pub const SCHOOLS_LOWLAND: [&str; 3] = ["Trường THCS", "Trường Tiểu học", "Trường Mầm non"];
pub const SCHOOLS_UPLAND: [&str; 3] = [
    "Trường PTDTBT THCS",
    "Trường PTDTBT Tiểu học",
    "Trường Mầm non",
];

// ---------------------------------------------------------------------------------------
// Villages

/// Thái (also Khơ Mú, Lào) village names: first and second syllables, and some whole names.
pub const THAI_VILLAGE_FIRST: &[&str] = &[
    "Nà", "Huổi", "Pá", "Co", "Phiêng", "Noong", "Hua", "Bó", "Nậm", "Púng", "Ten", "Na", "Pom",
    "Hồng", "Hin", "Pú", "Tà", "Xá", "Mường", "Sái", "Kéo", "Lọng", "Nong", "Pa", "Tông", "Bom",
];
pub const THAI_VILLAGE_SECOND: &[&str] = &[
    "Lơi", "Sảng", "Chua", "Hạ", "Luông", "Cang", "Nưa", "Tở", "Mạ", "Ban", "Ít", "Khoang", "Pe",
    "Lếch", "Hẹt", "Sản", "Phát", "Lếu", "Pục", "Cáy", "Cượm", "Mận", "Ngua", "Sa", "Pao", "Hỏm",
    "Lay", "Tấu", "Khao", "Hán", "Xanh", "Nhạn", "Lòng", "Tông", "Sàng", "Phăng", "Mươn", "Lóng",
    "Hốc", "Hịa", "Khá", "Mới", "Pen", "Hai", "Ten", "Nghịu",
];
pub const THAI_VILLAGES: &[&str] = &[
    "Phiêng Lơi",
    "Co Mận",
    "Pú Tửu",
    "Na Hai",
    "Huổi Phạ",
    "Nà Pen",
    "Pa Pốm",
    "Co Cượm",
    "Tà Cáng",
    "Huổi Hoa",
    "Nậm Cứm",
    "Pá Kín",
    "Hua Pe",
    "Nà Lơi",
    "Na Khưa",
    "Phiêng Ban",
    "Tông Khao",
    "Bom La",
    "Huổi Lóng",
    "Hin Phon",
    "Tin Tốc",
    "Che Căn",
    "Ten Luống",
    "Sái Lương",
    "Nà Ten",
    "Pá Pao",
    "Co Đứa",
    "Bó Líu",
    "Xôm",
    "Mển",
    "Phiêng Ngúa",
    "Hồng Lếch",
    "Nà Noọng",
    "Púng Tôm",
    "Bánh",
    "Ten Hon",
    "Yên Cang",
    "Kéo",
    "Món",
    "Sam Qua",
];

/// Mông (also Dao, Hà Nhì, Cống, Si La) village names.
pub const MONG_VILLAGE_FIRST: &[&str] = &[
    "Háng", "Sín", "Sình", "Tả", "Lồng", "Pó", "Xá", "Phìn", "Sáng", "Hồ", "Làng", "Chua", "Dế",
    "Lao", "Phi", "Hừ", "Cáng", "Hấu", "Trung", "Chăn", "Mù", "Ma",
];
pub const MONG_VILLAGE_SECOND: &[&str] = &[
    "Chải", "Phình", "Lìa", "Tơ", "Nhè", "Sua", "Chua", "Dề", "Khúa", "Giàng", "Sang", "Lũng",
    "Pao", "Hồ", "Chá", "Chơ", "Chúa", "Pả", "Tỉnh", "Thàng", "Sán", "Mang", "Phàng", "Lử", "Cáng",
    "Sì", "Cả", "Tày", "Xa", "Dào",
];
pub const MONG_VILLAGES: &[&str] = &[
    "Sín Chải",
    "Háng Lìa",
    "Pú Nhi",
    "Tả Phìn",
    "Sáng Nhè",
    "Hua Sa",
    "Phi Giàng",
    "Háng Tơ Mang",
    "Xá Nhè",
    "Lồng Sua",
    "Chua Ta",
    "Tả Sìn Thàng",
    "Huổi Thủng",
    "Ma Lù Thàng",
    "Pa Cheo",
    "Tìa Ghềnh",
    "Háng Pu Xi",
    "Sín Sủ",
    "Nậm Pố",
    "Trạm Púng",
    "Ca Dính",
    "Tà Dê",
    "Lồng Luông",
    "Hô Củ",
    "Phì Cao",
    "Xá Dề Phìn",
    "Vàng Chua",
    "Páo Tỉnh Làng",
];

/// Kinh villages of the Điện Biên valley ("thôn").
pub const KINH_VILLAGES: &[&str] = &[
    "Thanh Bình",
    "Hợp Thành",
    "Xuân Tre",
    "Tân Tiến",
    "Đông Biên",
    "Bắc Hồng",
    "Độc Lập",
    "Thống Nhất",
    "Tân Lập",
    "Hồng Lực",
    "Quyết Tiến",
    "Tân Bình",
    "Tân Hưng",
    "Hòa Bình",
    "Thanh Trung",
    "Đông Thanh",
    "Xuân Hùng",
    "Hồng Sơn",
    "Tân Thanh",
    "Tân Phong",
    "Yên Bình",
    "Hợp Tiến",
    "Thanh Hà",
    "Nam Tiến",
    "Đoàn Kết",
    "Quyết Thắng",
    "Chiến Thắng",
    "Tiền Phong",
];

/// Branches of a commune or ward besides its villages.
pub const COMMUNE_OFFICE: &str = "Chi bộ Cơ quan";
pub const COMMUNE_MILITARY: &str = "Chi bộ Quân sự";
pub const COMMUNE_POLICE: &str = "Chi bộ Công an";
pub const COMMUNE_CLINIC: &str = "Chi bộ Trạm Y tế";

// ---------------------------------------------------------------------------------------
// Blocs

const DEPT: &[&str] = &[
    "Chi bộ Văn phòng",
    "Chi bộ Thanh tra",
    "Chi bộ Phòng Kế hoạch – Tài chính",
    "Chi bộ Phòng Tổ chức cán bộ",
    "Chi bộ Phòng Pháp chế",
    "Chi bộ Phòng Quản lý chuyên ngành",
    "Chi bộ Phòng Nghiệp vụ 1",
    "Chi bộ Phòng Nghiệp vụ 2",
    "Chi bộ Phòng Nghiệp vụ 3",
    "Chi bộ Phòng Hành chính – Tổng hợp",
    "Chi bộ Phòng Kiểm tra",
    "Chi bộ Trung tâm Thông tin",
    "Chi bộ Trung tâm Dịch vụ",
    "Chi bộ Ban Quản lý dự án",
];

const HOSPITAL: &[&str] = &[
    "Chi bộ Phòng Kế hoạch tổng hợp",
    "Chi bộ Phòng Tổ chức cán bộ",
    "Chi bộ Phòng Điều dưỡng",
    "Chi bộ Phòng Tài chính – Kế toán",
    "Chi bộ Khoa Khám bệnh",
    "Chi bộ Khoa Hồi sức tích cực – Chống độc",
    "Chi bộ Khoa Nội tổng hợp",
    "Chi bộ Khoa Ngoại tổng hợp",
    "Chi bộ Khoa Phụ sản",
    "Chi bộ Khoa Nhi",
    "Chi bộ Khoa Truyền nhiễm",
    "Chi bộ Khoa Gây mê hồi sức",
    "Chi bộ Khoa Xét nghiệm",
    "Chi bộ Khoa Chẩn đoán hình ảnh",
    "Chi bộ Khoa Dược",
    "Chi bộ Khoa Y học cổ truyền",
    "Chi bộ Khoa Mắt",
    "Chi bộ Khoa Tai Mũi Họng",
    "Chi bộ Khoa Răng Hàm Mặt",
    "Chi bộ Khoa Tim mạch",
    "Chi bộ Khoa Ung bướu",
];

const COLLEGE: &[&str] = &[
    "Chi bộ Phòng Đào tạo",
    "Chi bộ Phòng Tổ chức – Hành chính",
    "Chi bộ Phòng Kế hoạch – Tài chính",
    "Chi bộ Phòng Công tác học sinh, sinh viên",
    "Chi bộ Khoa Khoa học cơ bản",
    "Chi bộ Khoa Lý luận chính trị",
    "Chi bộ Khoa Chuyên môn 1",
    "Chi bộ Khoa Chuyên môn 2",
    "Chi bộ Khoa Chuyên môn 3",
    "Chi bộ Trung tâm Ngoại ngữ – Tin học",
    "Chi bộ Học sinh, sinh viên",
];

const HIGH_SCHOOL: &[&str] = &[
    "Chi bộ Tổ Toán – Tin",
    "Chi bộ Tổ Ngữ văn",
    "Chi bộ Tổ Ngoại ngữ",
    "Chi bộ Tổ Vật lý – Công nghệ",
    "Chi bộ Tổ Hóa – Sinh",
    "Chi bộ Tổ Lịch sử – Địa lý – Giáo dục công dân",
    "Chi bộ Tổ Văn phòng",
];

const MEDIA: &[&str] = &[
    "Chi bộ Phòng Thời sự",
    "Chi bộ Phòng Chuyên đề",
    "Chi bộ Phòng Biên tập",
    "Chi bộ Phòng Phóng viên",
    "Chi bộ Phòng Kỹ thuật – Công nghệ",
    "Chi bộ Phòng Hành chính – Trị sự",
    "Chi bộ Phòng Báo điện tử",
    "Chi bộ Phòng Chương trình tiếng dân tộc",
];

const ENTERPRISE: &[&str] = &[
    "Chi bộ Văn phòng Công ty",
    "Chi bộ Phòng Kỹ thuật",
    "Chi bộ Phòng Kinh doanh",
    "Chi bộ Phòng Kế hoạch – Vật tư",
    "Chi bộ Phòng Tài chính – Kế toán",
    "Chi bộ Phòng Tổ chức – Lao động",
];

const BANK: &[&str] = &[
    "Chi bộ Phòng Tổng hợp",
    "Chi bộ Phòng Khách hàng",
    "Chi bộ Phòng Kế toán – Ngân quỹ",
    "Chi bộ Phòng Kiểm tra – Kiểm soát nội bộ",
    "Chi bộ Phòng Giao dịch Him Lam",
    "Chi bộ Phòng Giao dịch Mường Thanh",
    "Chi bộ Phòng Giao dịch Tân Thanh",
    "Chi bộ Phòng Giao dịch Noong Bua",
];

const fn gpo(
    name: &'static str,
    profile: Profile,
    branches: &'static [&'static str],
    min: usize,
    max: usize,
) -> BlocGpo {
    BlocGpo {
        name,
        profile,
        branches,
        min,
        max,
        site: None,
        subs: &[],
        admission_authority_delegated: false,
    }
}

const fn with_site(g: BlocGpo, site: &'static str) -> BlocGpo {
    BlocGpo {
        site: Some(site),
        ..g
    }
}

const fn delegated(g: BlocGpo) -> BlocGpo {
    BlocGpo {
        admission_authority_delegated: true,
        ..g
    }
}

/// Đảng bộ Khối cơ quan và doanh nghiệp tỉnh: its grassroots Party organisations.
pub const AGENCY_BLOC_GPOS: &[BlocGpo] = &[
    gpo(
        "Đảng bộ Văn phòng Ủy ban nhân dân tỉnh",
        Profile::Agency,
        DEPT,
        5,
        9,
    ),
    gpo(
        "Đảng bộ Sở Giáo dục và Đào tạo",
        Profile::Agency,
        DEPT,
        6,
        10,
    ),
    gpo("Đảng bộ Sở Y tế", Profile::Agency, DEPT, 5, 9),
    gpo("Đảng bộ Sở Tài chính", Profile::Agency, DEPT, 5, 8),
    gpo(
        "Đảng bộ Sở Nông nghiệp và Phát triển nông thôn",
        Profile::Agency,
        DEPT,
        7,
        12,
    ),
    gpo("Đảng bộ Sở Xây dựng", Profile::Agency, DEPT, 5, 8),
    gpo("Đảng bộ Sở Giao thông vận tải", Profile::Agency, DEPT, 5, 9),
    gpo(
        "Đảng bộ Sở Tài nguyên và Môi trường",
        Profile::Agency,
        DEPT,
        5,
        9,
    ),
    gpo("Đảng bộ Sở Kế hoạch và Đầu tư", Profile::Agency, DEPT, 5, 7),
    gpo(
        "Đảng bộ Sở Lao động – Thương binh và Xã hội",
        Profile::Agency,
        DEPT,
        5,
        9,
    ),
    gpo(
        "Đảng bộ Sở Văn hóa, Thể thao và Du lịch",
        Profile::Agency,
        DEPT,
        6,
        10,
    ),
    gpo("Đảng bộ Sở Công Thương", Profile::Agency, DEPT, 5, 8),
    gpo("Đảng bộ Sở Nội vụ", Profile::Agency, DEPT, 5, 8),
    gpo("Đảng bộ Sở Tư pháp", Profile::Agency, DEPT, 5, 7),
    gpo(
        "Đảng bộ Sở Thông tin và Truyền thông",
        Profile::Agency,
        DEPT,
        5,
        7,
    ),
    gpo(
        "Đảng bộ Bệnh viện Đa khoa tỉnh",
        Profile::Health,
        HOSPITAL,
        15,
        21,
    ),
    gpo(
        "Đảng bộ Bệnh viện Sản – Nhi tỉnh",
        Profile::Health,
        HOSPITAL,
        8,
        12,
    ),
    gpo(
        "Đảng bộ Trường Cao đẳng Y tế Điện Biên",
        Profile::School,
        COLLEGE,
        5,
        9,
    ),
    gpo(
        "Đảng bộ Trường Cao đẳng Kinh tế – Kỹ thuật Điện Biên",
        Profile::School,
        COLLEGE,
        5,
        9,
    ),
    gpo(
        "Đảng bộ Trường Cao đẳng Sư phạm Điện Biên",
        Profile::School,
        COLLEGE,
        5,
        9,
    ),
    gpo(
        "Đảng bộ Trường THPT chuyên Lê Quý Đôn",
        Profile::School,
        HIGH_SCHOOL,
        5,
        7,
    ),
    gpo("Đảng bộ Báo Điện Biên Phủ", Profile::Agency, MEDIA, 5, 7),
    gpo(
        "Đảng bộ Đài Phát thanh và Truyền hình tỉnh",
        Profile::Agency,
        MEDIA,
        5,
        8,
    ),
    delegated(with_site(
        gpo(
            "Đảng bộ Công ty Điện lực Điện Biên",
            Profile::Enterprise,
            ENTERPRISE,
            10,
            16,
        ),
        "Chi bộ Điện lực",
    )),
    with_site(
        gpo(
            "Đảng bộ Viễn thông Điện Biên",
            Profile::Enterprise,
            ENTERPRISE,
            7,
            14,
        ),
        "Chi bộ Trung tâm Viễn thông",
    ),
    with_site(
        gpo(
            "Đảng bộ Viettel Điện Biên",
            Profile::Enterprise,
            ENTERPRISE,
            7,
            14,
        ),
        "Chi bộ Viettel",
    ),
    with_site(
        gpo(
            "Đảng bộ Bưu điện tỉnh Điện Biên",
            Profile::Enterprise,
            ENTERPRISE,
            6,
            12,
        ),
        "Chi bộ Bưu điện",
    ),
    with_site(
        gpo(
            "Đảng bộ Công ty Cổ phần Cấp nước Điện Biên",
            Profile::Enterprise,
            ENTERPRISE,
            5,
            9,
        ),
        "Chi bộ Xí nghiệp Cấp nước",
    ),
    gpo(
        "Đảng bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh Điện Biên",
        Profile::Enterprise,
        BANK,
        5,
        8,
    ),
    gpo(
        "Đảng bộ Ngân hàng Chính sách xã hội chi nhánh tỉnh Điện Biên",
        Profile::Enterprise,
        BANK,
        5,
        6,
    ),
    gpo("Đảng bộ Cục Thuế tỉnh", Profile::Agency, DEPT, 6, 10),
    gpo("Đảng bộ Kho bạc Nhà nước tỉnh", Profile::Agency, DEPT, 5, 7),
    gpo("Đảng bộ Bảo hiểm xã hội tỉnh", Profile::Agency, DEPT, 5, 8),
    gpo("Đảng bộ Tòa án nhân dân tỉnh", Profile::Agency, DEPT, 5, 7),
    gpo(
        "Đảng bộ Viện Kiểm sát nhân dân tỉnh",
        Profile::Agency,
        DEPT,
        5,
        8,
    ),
    gpo(
        "Đảng bộ Cục Hải quan tỉnh Điện Biên",
        Profile::Agency,
        DEPT,
        5,
        7,
    ),
    gpo(
        "Đảng bộ Ban Quản lý dự án các công trình dân dụng và công nghiệp tỉnh",
        Profile::Agency,
        DEPT,
        5,
        6,
    ),
];

/// Đảng bộ Khối cơ quan và doanh nghiệp tỉnh: its grassroots cells.
pub const AGENCY_BLOC_CELLS: &[(&str, Profile)] = &[
    ("Chi bộ Ban Dân tộc tỉnh", Profile::Agency),
    ("Chi bộ Sở Khoa học và Công nghệ", Profile::Agency),
    ("Chi bộ Sở Ngoại vụ", Profile::Agency),
    ("Chi bộ Thanh tra tỉnh", Profile::Agency),
    (
        "Chi bộ Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        Profile::Agency,
    ),
    ("Chi bộ Ban Quản lý các khu kinh tế tỉnh", Profile::Agency),
    ("Chi bộ Liên minh Hợp tác xã tỉnh", Profile::Agency),
    ("Chi bộ Quỹ Đầu tư phát triển tỉnh", Profile::Enterprise),
    ("Chi bộ Cục Thống kê tỉnh", Profile::Agency),
    ("Chi bộ Cục Thi hành án dân sự tỉnh", Profile::Agency),
    (
        "Chi bộ Ngân hàng Nhà nước chi nhánh tỉnh Điện Biên",
        Profile::Agency,
    ),
    (
        "Chi bộ Ngân hàng TMCP Công thương chi nhánh Điện Biên",
        Profile::Enterprise,
    ),
    (
        "Chi bộ Ngân hàng TMCP Đầu tư và Phát triển chi nhánh Điện Biên",
        Profile::Enterprise,
    ),
    (
        "Chi bộ Ngân hàng TMCP Ngoại thương chi nhánh Điện Biên",
        Profile::Enterprise,
    ),
    ("Chi bộ Bệnh viện Phổi tỉnh", Profile::Health),
    ("Chi bộ Bệnh viện Tâm thần tỉnh", Profile::Health),
    ("Chi bộ Bệnh viện Y học cổ truyền tỉnh", Profile::Health),
    ("Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh", Profile::Health),
    (
        "Chi bộ Trung tâm Giám định y khoa – Pháp y tỉnh",
        Profile::Health,
    ),
    (
        "Chi bộ Trung tâm Kiểm nghiệm thuốc, mỹ phẩm, thực phẩm",
        Profile::Health,
    ),
    ("Chi bộ Chi cục Kiểm lâm tỉnh", Profile::Agency),
    ("Chi bộ Chi cục Thủy lợi", Profile::Agency),
    (
        "Chi bộ Chi cục Trồng trọt và Bảo vệ thực vật",
        Profile::Agency,
    ),
    ("Chi bộ Chi cục Chăn nuôi và Thú y", Profile::Agency),
    ("Chi bộ Trung tâm Khuyến nông tỉnh", Profile::Agency),
    (
        "Chi bộ Ban Quản lý Khu bảo tồn thiên nhiên Mường Nhé",
        Profile::Agency,
    ),
    (
        "Chi bộ Ban Quản lý Di tích quốc gia đặc biệt Chiến trường Điện Biên Phủ",
        Profile::Agency,
    ),
    ("Chi bộ Bảo tàng tỉnh", Profile::Agency),
    ("Chi bộ Thư viện tỉnh", Profile::Agency),
    ("Chi bộ Nhà hát Nghệ thuật tỉnh", Profile::Agency),
    ("Chi bộ Trung tâm Văn hóa tỉnh", Profile::Agency),
    (
        "Chi bộ Trung tâm Huấn luyện và Thi đấu thể thao tỉnh",
        Profile::Agency,
    ),
    (
        "Chi bộ Trung tâm Quan trắc tài nguyên và môi trường tỉnh",
        Profile::Agency,
    ),
    ("Chi bộ Trường THPT Phan Đình Giót", Profile::School),
    (
        "Chi bộ Trường Phổ thông Dân tộc nội trú tỉnh",
        Profile::School,
    ),
    (
        "Chi bộ Trung tâm Giáo dục thường xuyên tỉnh",
        Profile::School,
    ),
    (
        "Chi bộ Trung tâm Công nghệ thông tin và Truyền thông",
        Profile::Agency,
    ),
    (
        "Chi bộ Ban Quản lý dự án các công trình giao thông tỉnh",
        Profile::Agency,
    ),
    (
        "Chi bộ Ban Quản lý dự án các công trình nông nghiệp và phát triển nông thôn tỉnh",
        Profile::Agency,
    ),
    ("Chi bộ Trung tâm Phát triển quỹ đất tỉnh", Profile::Agency),
    ("Chi bộ Văn phòng Đăng ký đất đai tỉnh", Profile::Agency),
    (
        "Chi bộ Công ty TNHH MTV Quản lý thủy nông Điện Biên",
        Profile::Enterprise,
    ),
    (
        "Chi bộ Công ty Cổ phần Môi trường và Dịch vụ đô thị Điện Biên",
        Profile::Enterprise,
    ),
    (
        "Chi bộ Công ty TNHH MTV Xổ số kiến thiết Điện Biên",
        Profile::Enterprise,
    ),
    (
        "Chi bộ Công ty Cổ phần Sách và Thiết bị trường học Điện Biên",
        Profile::Enterprise,
    ),
    (
        "Chi bộ Công ty Cổ phần Xi măng Điện Biên",
        Profile::Enterprise,
    ),
    ("Chi bộ Trung tâm Dịch vụ việc làm tỉnh", Profile::Agency),
    ("Chi bộ Cơ sở Cai nghiện ma túy tỉnh", Profile::Agency),
    ("Chi bộ Trung tâm Bảo trợ xã hội tỉnh", Profile::Agency),
    ("Chi bộ Hội Chữ thập đỏ tỉnh", Profile::Agency),
    (
        "Chi bộ Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
        Profile::Agency,
    ),
    ("Chi bộ Hội Văn học Nghệ thuật tỉnh", Profile::Agency),
];

const MIL_SCHOOL: &[&str] = &[
    "Chi bộ Ban Giám hiệu",
    "Chi bộ Phòng Đào tạo",
    "Chi bộ Phòng Chính trị",
    "Chi bộ Phòng Hậu cần – Kỹ thuật",
    "Chi bộ Khoa Chiến thuật",
    "Chi bộ Khoa Quân sự chung",
    "Chi bộ Khoa Lý luận chính trị",
    "Chi bộ Đại đội Học viên",
];

const BATTALION: &[&str] = &[
    "Chi bộ Chỉ huy Tiểu đoàn",
    "Chi bộ Đại đội 1",
    "Chi bộ Đại đội 2",
    "Chi bộ Đại đội 3",
    "Chi bộ Đại đội Hỏa lực",
    "Chi bộ Trung đội Thông tin",
    "Chi bộ Trung đội Trinh sát",
    "Chi bộ Hậu cần – Kỹ thuật",
];

const SEARCH_TEAM: &[&str] = &[
    "Chi bộ Chỉ huy Đội",
    "Chi bộ Tổ Tìm kiếm 1",
    "Chi bộ Tổ Tìm kiếm 2",
    "Chi bộ Tổ Tìm kiếm 3",
    "Chi bộ Tổ Hậu cần",
];

const DEPOT: &[&str] = &[
    "Chi bộ Chỉ huy Kho",
    "Chi bộ Tổ Bảo quản 1",
    "Chi bộ Tổ Bảo quản 2",
    "Chi bộ Tổ Kỹ thuật",
    "Chi bộ Trung đội Bảo vệ",
    "Chi bộ Tổ Sửa chữa",
];

/// Đảng bộ Quân sự tỉnh: its grassroots Party organisations.
pub const MILITARY_BLOC_GPOS: &[BlocGpo] = &[
    BlocGpo {
        name: "Đảng bộ Cơ quan Bộ Chỉ huy Quân sự tỉnh",
        profile: Profile::Military,
        branches: &["Chi bộ Văn phòng Bộ Chỉ huy"],
        min: 1,
        max: 1,
        site: None,
        subs: &[
            (
                "Đảng bộ Phòng Tham mưu",
                &[
                    "Chi bộ Ban Tác chiến",
                    "Chi bộ Ban Quân lực",
                    "Chi bộ Ban Tác huấn",
                    "Chi bộ Ban Thông tin",
                    "Chi bộ Ban Dân quân tự vệ",
                ],
            ),
            (
                "Đảng bộ Phòng Chính trị",
                &[
                    "Chi bộ Ban Tuyên huấn",
                    "Chi bộ Ban Tổ chức – Cán bộ",
                    "Chi bộ Ban Chính sách",
                    "Chi bộ Ban Dân vận",
                ],
            ),
            (
                "Đảng bộ Phòng Hậu cần – Kỹ thuật",
                &[
                    "Chi bộ Ban Quân nhu",
                    "Chi bộ Ban Quân y",
                    "Chi bộ Ban Doanh trại",
                    "Chi bộ Ban Xe – Máy",
                    "Chi bộ Ban Quân khí",
                ],
            ),
        ],
        admission_authority_delegated: true,
    },
    gpo(
        "Đảng bộ Trường Quân sự tỉnh",
        Profile::Military,
        MIL_SCHOOL,
        6,
        8,
    ),
    gpo(
        "Đảng bộ Tiểu đoàn Huấn luyện – Cơ động",
        Profile::Military,
        BATTALION,
        6,
        8,
    ),
    gpo(
        "Đảng bộ Đội Tìm kiếm, quy tập hài cốt liệt sĩ",
        Profile::Military,
        SEARCH_TEAM,
        5,
        5,
    ),
    gpo(
        "Đảng bộ Kho Kỹ thuật tổng hợp",
        Profile::Military,
        DEPOT,
        5,
        6,
    ),
];

pub const MILITARY_BLOC_CELLS: &[(&str, Profile)] = &[
    ("Chi bộ Đại đội Trinh sát", Profile::Military),
    ("Chi bộ Đại đội Thông tin", Profile::Military),
    ("Chi bộ Đại đội Công binh", Profile::Military),
    ("Chi bộ Đại đội Phòng hóa", Profile::Military),
    ("Chi bộ Trung đội Cảnh vệ", Profile::Military),
    ("Chi bộ Đội Xe", Profile::Military),
    ("Chi bộ Bệnh xá Quân dân y", Profile::Military),
    ("Chi bộ Nhà khách Quân sự", Profile::Military),
    ("Chi bộ Trạm Sửa chữa tổng hợp", Profile::Military),
    (
        "Chi bộ Trung tâm Huấn luyện dân quân tự vệ",
        Profile::Military,
    ),
];

const POLICE_DEPT: &[&str] = &[
    "Chi bộ Đội Tham mưu – Tổng hợp",
    "Chi bộ Đội 1",
    "Chi bộ Đội 2",
    "Chi bộ Đội 3",
    "Chi bộ Đội 4",
    "Chi bộ Đội 5",
    "Chi bộ Đội 6",
    "Chi bộ Đội 7",
];

const POLICE_DISTRICT: &[&str] = &[
    "Chi bộ Đội Tham mưu – Tổng hợp",
    "Chi bộ Đội An ninh",
    "Chi bộ Đội Cảnh sát hình sự",
    "Chi bộ Đội Cảnh sát kinh tế",
    "Chi bộ Đội Cảnh sát điều tra tội phạm về ma túy",
    "Chi bộ Đội Cảnh sát giao thông – Trật tự",
    "Chi bộ Đội Cảnh sát quản lý hành chính về trật tự xã hội",
    "Chi bộ Đội Cảnh sát thi hành án hình sự và hỗ trợ tư pháp",
    "Chi bộ Đội Xây dựng phong trào bảo vệ an ninh Tổ quốc",
];

const fn police(name: &'static str, min: usize, max: usize) -> BlocGpo {
    gpo(name, Profile::Police, POLICE_DEPT, min, max)
}

const fn police_district(name: &'static str) -> BlocGpo {
    gpo(name, Profile::Police, POLICE_DISTRICT, 6, 9)
}

/// Đảng bộ Công an tỉnh: its grassroots Party organisations.
pub const POLICE_BLOC_GPOS: &[BlocGpo] = &[
    police("Đảng bộ Phòng Tham mưu", 5, 7),
    police("Đảng bộ Phòng Tổ chức cán bộ", 5, 6),
    police("Đảng bộ Phòng Công tác đảng và công tác chính trị", 5, 6),
    police("Đảng bộ Phòng Hậu cần", 5, 7),
    police("Đảng bộ Phòng An ninh đối ngoại", 5, 6),
    police("Đảng bộ Phòng An ninh chính trị nội bộ", 5, 7),
    police("Đảng bộ Phòng An ninh kinh tế", 5, 6),
    police(
        "Đảng bộ Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
        5,
        6,
    ),
    police("Đảng bộ Phòng An ninh điều tra", 5, 6),
    police("Đảng bộ Phòng Cảnh sát hình sự", 5, 8),
    police("Đảng bộ Phòng Cảnh sát kinh tế", 5, 6),
    police("Đảng bộ Phòng Cảnh sát điều tra tội phạm về ma túy", 6, 8),
    police(
        "Đảng bộ Phòng Cảnh sát điều tra tội phạm về trật tự xã hội",
        5,
        6,
    ),
    police("Đảng bộ Phòng Cảnh sát giao thông", 6, 8),
    BlocGpo {
        name: "Đảng bộ Phòng Cảnh sát cơ động",
        profile: Profile::Police,
        branches: &[
            "Chi bộ Đội Tham mưu – Tổng hợp",
            "Chi bộ Đội Hậu cần",
            "Chi bộ Đội Huấn luyện",
        ],
        min: 3,
        max: 3,
        site: None,
        subs: &[(
            "Đảng bộ bộ phận Tiểu đoàn Cảnh sát cơ động",
            &[
                "Chi bộ Chỉ huy Tiểu đoàn",
                "Chi bộ Đại đội 1",
                "Chi bộ Đại đội 2",
                "Chi bộ Đại đội 3",
                "Chi bộ Trung đội Cảnh sát đặc nhiệm",
            ],
        )],
        admission_authority_delegated: true,
    },
    police(
        "Đảng bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        5,
        7,
    ),
    police(
        "Đảng bộ Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        5,
        8,
    ),
    police(
        "Đảng bộ Phòng Cảnh sát thi hành án hình sự và hỗ trợ tư pháp",
        5,
        6,
    ),
    police("Đảng bộ Trại Tạm giam", 5, 7),
    BlocGpo {
        name: "Đảng bộ Công an thành phố Điện Biên Phủ",
        profile: Profile::Police,
        branches: &[
            "Chi bộ Đội Tham mưu – Tổng hợp",
            "Chi bộ Đội Xây dựng phong trào bảo vệ an ninh Tổ quốc",
            "Chi bộ Đội Cảnh sát thi hành án hình sự và hỗ trợ tư pháp",
        ],
        min: 3,
        max: 3,
        site: None,
        subs: &[
            (
                "Đảng bộ bộ phận Khối An ninh",
                &[
                    "Chi bộ Đội An ninh 1",
                    "Chi bộ Đội An ninh 2",
                    "Chi bộ Đội An ninh điều tra",
                ],
            ),
            (
                "Đảng bộ bộ phận Khối Cảnh sát",
                &[
                    "Chi bộ Đội Cảnh sát hình sự",
                    "Chi bộ Đội Cảnh sát kinh tế",
                    "Chi bộ Đội Cảnh sát điều tra tội phạm về ma túy",
                    "Chi bộ Đội Cảnh sát giao thông – Trật tự",
                    "Chi bộ Đội Cảnh sát quản lý hành chính về trật tự xã hội",
                ],
            ),
        ],
        admission_authority_delegated: true,
    },
    police_district("Đảng bộ Công an huyện Điện Biên"),
    police_district("Đảng bộ Công an huyện Tuần Giáo"),
    police_district("Đảng bộ Công an huyện Mường Chà"),
    police_district("Đảng bộ Công an huyện Mường Nhé"),
    police_district("Đảng bộ Công an huyện Nậm Pồ"),
    police_district("Đảng bộ Công an huyện Điện Biên Đông"),
];

pub const POLICE_BLOC_CELLS: &[(&str, Profile)] = &[
    ("Chi bộ Phòng Quản lý xuất nhập cảnh", Profile::Police),
    ("Chi bộ Phòng Hồ sơ", Profile::Police),
    ("Chi bộ Phòng Kỹ thuật hình sự", Profile::Police),
    ("Chi bộ Phòng Pháp chế và Quản lý khoa học", Profile::Police),
    ("Chi bộ Thanh tra Công an tỉnh", Profile::Police),
    (
        "Chi bộ Cơ quan Ủy ban Kiểm tra Đảng ủy Công an tỉnh",
        Profile::Police,
    ),
    ("Chi bộ Công an huyện Tủa Chùa", Profile::Police),
    ("Chi bộ Công an huyện Mường Ảng", Profile::Police),
    ("Chi bộ Công an thị xã Mường Lay", Profile::Police),
];

const BORDER_POST: &[&str] = &[
    "Chi bộ Chỉ huy Đồn",
    "Chi bộ Đội Tham mưu – Hành chính",
    "Chi bộ Đội Vận động quần chúng",
    "Chi bộ Đội Trinh sát",
    "Chi bộ Đội Vũ trang",
    "Chi bộ Đội Phòng, chống ma túy và tội phạm",
    "Chi bộ Trạm Kiểm soát biên phòng",
];

const fn border_post(name: &'static str) -> BlocGpo {
    gpo(name, Profile::Border, BORDER_POST, 5, 7)
}

/// Đảng bộ Bộ đội Biên phòng tỉnh: its grassroots Party organisations.
pub const BORDER_BLOC_GPOS: &[BlocGpo] = &[
    BlocGpo {
        name: "Đảng bộ Cơ quan Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        profile: Profile::Border,
        branches: &[
            "Chi bộ Văn phòng Bộ Chỉ huy",
            "Chi bộ Phòng Phòng, chống ma túy và tội phạm",
        ],
        min: 2,
        max: 2,
        site: None,
        subs: &[
            (
                "Đảng bộ Phòng Tham mưu",
                &[
                    "Chi bộ Ban Tác chiến",
                    "Chi bộ Ban Quân lực",
                    "Chi bộ Ban Huấn luyện",
                    "Chi bộ Ban Thông tin",
                    "Chi bộ Ban Kế hoạch – Tổng hợp",
                ],
            ),
            (
                "Đảng bộ Phòng Chính trị",
                &[
                    "Chi bộ Ban Tuyên huấn",
                    "Chi bộ Ban Cán bộ",
                    "Chi bộ Ban Tổ chức",
                    "Chi bộ Ban Dân vận",
                    "Chi bộ Ban Bảo vệ an ninh",
                ],
            ),
            (
                "Đảng bộ Phòng Hậu cần – Kỹ thuật",
                &[
                    "Chi bộ Ban Quân nhu",
                    "Chi bộ Ban Quân y",
                    "Chi bộ Ban Doanh trại",
                    "Chi bộ Ban Xe – Máy",
                ],
            ),
        ],
        admission_authority_delegated: true,
    },
    gpo(
        "Đảng bộ Tiểu đoàn Huấn luyện – Cơ động",
        Profile::Border,
        BATTALION,
        6,
        8,
    ),
    border_post("Đảng bộ Đồn Biên phòng Cửa khẩu quốc tế Tây Trang"),
    border_post("Đảng bộ Đồn Biên phòng Cửa khẩu Huổi Puốc"),
    border_post("Đảng bộ Đồn Biên phòng Thanh Luông"),
    border_post("Đảng bộ Đồn Biên phòng Mường Nhà"),
    border_post("Đảng bộ Đồn Biên phòng Mường Lói"),
    border_post("Đảng bộ Đồn Biên phòng Pa Thơm"),
    border_post("Đảng bộ Đồn Biên phòng Nà Bủng"),
    border_post("Đảng bộ Đồn Biên phòng Si Pa Phìn"),
    border_post("Đảng bộ Đồn Biên phòng Chung Chải"),
    border_post("Đảng bộ Đồn Biên phòng Leng Su Sìn"),
    border_post("Đảng bộ Đồn Biên phòng Mường Nhé"),
    border_post("Đảng bộ Đồn Biên phòng Sen Thượng"),
    border_post("Đảng bộ Đồn Biên phòng A Pa Chải"),
    border_post("Đảng bộ Đồn Biên phòng Nậm Kè"),
];

pub const BORDER_BLOC_CELLS: &[(&str, Profile)] = &[
    (
        "Chi bộ Đội Đặc nhiệm phòng, chống ma túy và tội phạm",
        Profile::Border,
    ),
    ("Chi bộ Đồn Biên phòng Mường Mươn", Profile::Border),
    ("Chi bộ Đồn Biên phòng Phình Giàng", Profile::Border),
    ("Chi bộ Đội Xe", Profile::Border),
    ("Chi bộ Bệnh xá Biên phòng", Profile::Border),
];

// ---------------------------------------------------------------------------------------
// Personal names

/// The name pools of one ethnic group. Weights are relative.
pub struct NamePools {
    pub families: &'static [(&'static str, u32)],
    pub male_middles: &'static [(&'static str, u32)],
    pub female_middles: &'static [(&'static str, u32)],
    pub male_given: &'static [&'static str],
    pub female_given: &'static [&'static str],
}

const KINH_MALE_GIVEN: &[&str] = &[
    "An",
    "Anh",
    "Bình",
    "Cường",
    "Chiến",
    "Chung",
    "Công",
    "Dũng",
    "Duy",
    "Dương",
    "Đạt",
    "Điệp",
    "Định",
    "Đông",
    "Đức",
    "Giang",
    "Hải",
    "Hiếu",
    "Hiệp",
    "Hòa",
    "Hoàng",
    "Học",
    "Hùng",
    "Huy",
    "Hưng",
    "Khải",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Long",
    "Lợi",
    "Luận",
    "Lực",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Ngọc",
    "Phong",
    "Phúc",
    "Phương",
    "Quang",
    "Quân",
    "Quý",
    "Sơn",
    "Tài",
    "Tâm",
    "Thắng",
    "Thành",
    "Thanh",
    "Thịnh",
    "Thuận",
    "Tiến",
    "Toàn",
    "Trung",
    "Trường",
    "Tú",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
    "Xuân",
    "Hậu",
    "Hạnh",
    "Sỹ",
    "Tuyên",
    "Khương",
    "Cảnh",
    "Đoàn",
    "Hội",
    "Lãm",
    "Nhật",
];

const KINH_FEMALE_GIVEN: &[&str] = &[
    "Anh",
    "Ánh",
    "Châm",
    "Chi",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Hương",
    "Huyền",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Ngân",
    "Nga",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Quỳnh",
    "Tâm",
    "Thảo",
    "Thơm",
    "Thu",
    "Thủy",
    "Trang",
    "Tuyết",
    "Vân",
    "Xuân",
    "Yến",
    "Hậu",
    "Lý",
    "Nhàn",
    "Thắm",
    "Thúy",
    "Tươi",
    "Hoài",
    "Lụa",
    "Minh",
    "My",
    "Nguyệt",
    "Phượng",
    "Sen",
    "Thoa",
    "Thương",
    "Uyên",
    "Vui",
    "Hảo",
    "Luyến",
    "Dịu",
    "Gấm",
];

const VAN: &[(&str, u32)] = &[("Văn", 1)];
const THI: &[(&str, u32)] = &[("Thị", 1)];

pub const KINH: NamePools = NamePools {
    families: &[
        ("Nguyễn", 310),
        ("Trần", 110),
        ("Lê", 95),
        ("Phạm", 70),
        ("Hoàng", 50),
        ("Vũ", 40),
        ("Đỗ", 25),
        ("Bùi", 22),
        ("Đặng", 20),
        ("Ngô", 15),
        ("Dương", 12),
        ("Đinh", 10),
        ("Hà", 10),
        ("Đào", 10),
        ("Phan", 12),
        ("Trịnh", 8),
        ("Lương", 8),
        ("Đoàn", 8),
        ("Mai", 6),
        ("Cao", 6),
        ("Lưu", 5),
        ("Lý", 5),
        ("Tạ", 4),
        ("Chu", 4),
        ("Vương", 3),
        ("Tô", 3),
        ("Khuất", 2),
    ],
    male_middles: &[
        ("Văn", 45),
        ("Đức", 10),
        ("Minh", 8),
        ("Hữu", 6),
        ("Quang", 6),
        ("Đình", 4),
        ("Xuân", 4),
        ("Công", 4),
        ("Mạnh", 3),
        ("Ngọc", 3),
        ("Thanh", 3),
        ("Trọng", 3),
        ("Quốc", 3),
        ("Tiến", 2),
        ("Anh", 2),
        ("Duy", 2),
        ("Hồng", 2),
        ("Trung", 2),
        ("Việt", 2),
        ("Thế", 2),
    ],
    female_middles: &[
        ("Thị", 52),
        ("Thu", 6),
        ("Ngọc", 5),
        ("Thanh", 5),
        ("Minh", 4),
        ("Hồng", 4),
        ("Kim", 3),
        ("Thúy", 3),
        ("Phương", 3),
        ("Hải", 3),
        ("Bích", 2),
        ("Thị Thu", 4),
        ("Thị Thanh", 3),
        ("Thị Kim", 2),
        ("Thị Hồng", 2),
    ],
    male_given: KINH_MALE_GIVEN,
    female_given: KINH_FEMALE_GIVEN,
};

pub const THAI: NamePools = NamePools {
    families: &[
        ("Lò", 22),
        ("Quàng", 12),
        ("Lường", 12),
        ("Cà", 10),
        ("Tòng", 8),
        ("Lù", 6),
        ("Điêu", 6),
        ("Lèo", 5),
        ("Vì", 5),
        ("Mè", 3),
        ("Hoàng", 3),
        ("Bạc", 3),
        ("Cầm", 3),
        ("Khoàng", 2),
        ("Hà", 2),
    ],
    male_middles: VAN,
    female_middles: THI,
    male_given: &[
        "Ơn", "Pọm", "Xôm", "Panh", "Inh", "Phanh", "Xuân", "Tiến", "Hùng", "Chiến", "Sơn", "Duy",
        "Thanh", "Bun", "Khăm", "Pản", "Lả", "Ngoan", "Piên", "Ngọc", "Thắng", "Hải", "Tuấn",
        "Hiên", "Diện", "Lún", "Chăn", "Sướng", "Minh", "Dũng", "Thiêm", "Biên", "Khánh", "Quyết",
        "Cương", "Hom", "Kim", "Ún", "Xiêng", "Pươn", "Lịnh", "Thương", "Ích", "Tươi", "Thọ",
        "Nhất", "Kiên", "Hoan", "Ỏn", "Pâng",
    ],
    female_given: &[
        "Hương", "Xuân", "Ban", "Ơn", "Biên", "Thoa", "Ngoan", "Xiêng", "Hoa", "Thủy", "Nga",
        "Thảo", "Bun", "Hiên", "Phương", "Hằng", "Mai", "Loan", "Tâm", "Yến", "Lả", "Ngọc", "Ánh",
        "Hồng", "Lan", "Nhung", "Dung", "Pọm", "Panh", "Inh", "Phanh", "Xôm", "Sương", "Hom",
        "Kim", "Chinh", "Ngân", "Quyên", "Thương", "Tươi",
    ],
};

pub const MONG: NamePools = NamePools {
    families: &[
        ("Giàng", 16),
        ("Vàng", 14),
        ("Sùng", 12),
        ("Mùa", 10),
        ("Thào", 10),
        ("Lầu", 7),
        ("Hạng", 6),
        ("Lý", 6),
        ("Vừ", 6),
        ("Cứ", 4),
        ("Tráng", 4),
        ("Hầu", 3),
        ("Sình", 2),
        ("Chang", 2),
        ("Chá", 2),
        ("Mua", 2),
        ("Hờ", 2),
        ("Thò", 1),
    ],
    male_middles: &[("A", 1)],
    female_middles: THI,
    male_given: &[
        "Páo", "Dính", "Chứ", "Sử", "Dế", "Chồng", "Lử", "Súa", "Cở", "Dua", "Sềnh", "Tủa",
        "Giống", "Chu", "Lồng", "Vảng", "Chía", "Pó", "Nhà", "Phử", "Khua", "Tú", "Của", "Hờ",
        "Dơ", "Lềnh", "Pềnh", "Tếnh", "Sình", "Tồng", "Khứ", "Mang", "Lình", "Nủ",
    ],
    female_given: &[
        "Mỷ", "Dua", "Chở", "Dợ", "Mai", "Sua", "Pàng", "Xúa", "Chu", "Dinh", "Say", "Mang", "Sầu",
        "Nhìa", "Mế", "Lan", "Hoa", "Máy", "Mí", "Nủ", "Dung", "Ly", "Di", "Pà",
    ],
};

pub const KHO_MU: NamePools = NamePools {
    families: &[
        ("Quàng", 20),
        ("Lò", 20),
        ("Cà", 18),
        ("Vì", 12),
        ("Lường", 12),
        ("Kha", 5),
        ("Lù", 4),
    ],
    male_middles: VAN,
    female_middles: THI,
    male_given: &[
        "Bun", "Phong", "Sớm", "Tùng", "Khiêm", "Thăm", "Khăm", "Hoan", "Bảo", "Ngấn", "Ón", "Lâm",
        "Sương", "Pành", "Chăn", "Xuân", "Tuân",
    ],
    female_given: &[
        "Thư", "Nguyệt", "Hoa", "Bun", "Ón", "Mai", "Pinh", "Xuân", "Thắm", "Lả", "Sương", "Ngân",
        "Hương", "Lịch",
    ],
};

pub const DAO: NamePools = NamePools {
    families: &[
        ("Tẩn", 25),
        ("Chảo", 25),
        ("Lý", 15),
        ("Phàn", 15),
        ("Đặng", 10),
        ("Triệu", 6),
        ("Bàn", 4),
    ],
    male_middles: &[("Láo", 4), ("Seo", 3), ("Văn", 3)],
    female_middles: THI,
    male_given: &[
        "Lở", "San", "Chòi", "Sinh", "Phin", "Tả", "Quẩy", "Chiêu", "Phẩy", "Vằn", "Lìn", "Chản",
        "Kiềm", "Phú", "Dùn", "Quyn",
    ],
    female_given: &[
        "Mẩy", "Chiêu", "Xiêm", "Pham", "Lìn", "Dùn", "Mai", "Sai", "Xuân", "Hòa",
    ],
};

pub const HA_NHI: NamePools = NamePools {
    families: &[
        ("Lý", 25),
        ("Chu", 20),
        ("Pờ", 15),
        ("Lò", 15),
        ("Hù", 10),
        ("Sừ", 8),
        ("Phìn", 7),
    ],
    male_middles: &[
        ("A", 3),
        ("Xè", 2),
        ("Gà", 2),
        ("Phì", 1),
        ("Cà", 1),
        ("Văn", 1),
    ],
    female_middles: THI,
    male_given: &[
        "Tà", "Sò", "Gò", "Chu", "Nhù", "Xá", "Phìn", "Giá", "Sì", "Dờ", "Lừ", "Pà", "Hừ", "Chà",
    ],
    female_given: &[
        "Mé", "Gơ", "Sỏ", "Nhè", "Cò", "Dờ", "Phá", "Xá", "Mỳ", "Chà",
    ],
};

pub const LAO: NamePools = NamePools {
    families: &[
        ("Lò", 35),
        ("Vi", 20),
        ("Lường", 15),
        ("Cà", 10),
        ("Tòng", 10),
    ],
    male_middles: VAN,
    female_middles: THI,
    male_given: &[
        "Bun", "Kham", "Phon", "Say", "Xiêng", "Khăm", "Vanh", "Inh", "Thoong", "Sổm", "Phết",
    ],
    female_given: &[
        "Kham", "Xiêng", "Bun", "Vanh", "Say", "Inh", "Phon", "Sợi", "Ón",
    ],
};

pub const CONG: NamePools = NamePools {
    families: &[
        ("Lò", 30),
        ("Pờ", 25),
        ("Chu", 20),
        ("Lý", 15),
        ("Chang", 10),
    ],
    male_middles: VAN,
    female_middles: THI,
    male_given: &[
        "Sổng", "Chạ", "Sè", "Xe", "Ngà", "Phìn", "Sú", "Lả", "Khăn", "Pa",
    ],
    female_given: &["Mí", "Xe", "Ngà", "Sú", "Chạ", "Phìn", "Sì"],
};

pub const SI_LA: NamePools = NamePools {
    families: &[("Hù", 35), ("Lò", 30), ("Pờ", 20), ("Lý", 15)],
    male_middles: VAN,
    female_middles: THI,
    male_given: &["Sa", "Chừ", "Xó", "Thế", "Phó", "Dụ", "Sì", "Khà"],
    female_given: &["Sa", "Xó", "Chừ", "Mé", "Phó", "Sì"],
};

pub const HOA: NamePools = NamePools {
    families: &[
        ("Lý", 20),
        ("Trần", 15),
        ("Lưu", 15),
        ("Hoàng", 15),
        ("Vương", 10),
        ("Dương", 10),
        ("Trương", 10),
        ("Lâm", 5),
    ],
    male_middles: &[("Văn", 4), ("Minh", 2), ("Quốc", 2), ("Đức", 2)],
    female_middles: &[("Thị", 7), ("Ngọc", 2), ("Mỹ", 1)],
    male_given: KINH_MALE_GIVEN,
    female_given: KINH_FEMALE_GIVEN,
};

pub const TAY: NamePools = NamePools {
    families: &[
        ("Hoàng", 20),
        ("Nông", 20),
        ("Lương", 15),
        ("Ma", 10),
        ("Hà", 10),
        ("Bế", 10),
        ("Triệu", 5),
        ("La", 5),
        ("Lục", 5),
    ],
    male_middles: VAN,
    female_middles: THI,
    male_given: KINH_MALE_GIVEN,
    female_given: KINH_FEMALE_GIVEN,
};

pub const MUONG: NamePools = NamePools {
    families: &[
        ("Bùi", 30),
        ("Đinh", 30),
        ("Quách", 15),
        ("Hà", 15),
        ("Xa", 10),
    ],
    male_middles: VAN,
    female_middles: THI,
    male_given: KINH_MALE_GIVEN,
    female_given: KINH_FEMALE_GIVEN,
};

pub const NUNG: NamePools = NamePools {
    families: &[
        ("Nông", 25),
        ("Hoàng", 20),
        ("Lục", 15),
        ("Triệu", 15),
        ("Vi", 15),
        ("Lăng", 10),
    ],
    male_middles: VAN,
    female_middles: THI,
    male_given: KINH_MALE_GIVEN,
    female_given: KINH_FEMALE_GIVEN,
};
